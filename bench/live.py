"""Start the platform under gunicorn on a free port for a benchmark, and stop it afterwards."""
from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = "bench.plain_app:create_app()"  # the product plus the plain comparison view


@dataclass
class Target:
    """The database a benchmark reads: a DATABASE_URL, or an instance folder (SQLite)."""

    database_url: str | None = None
    instance_path: str | None = None
    read_only: bool = False
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32))

    def url(self) -> str:
        """The SQLAlchemy URL of the database, read-only when asked."""
        if self.database_url:
            url = self.database_url
            if self.read_only and url.startswith("postgresql"):
                sep = "&" if "?" in url else "?"
                url += f"{sep}options=-c%20default_transaction_read_only%3Don"
            elif self.read_only and url.startswith("sqlite:///") and "?" not in url:
                url = f"sqlite:///file:{url[len('sqlite:///'):]}?immutable=1&uri=true"
            return url
        db_file = os.path.join(os.path.abspath(self.instance_path), "party.db")
        if self.read_only:
            # immutable: no lock, no -wal/-shm files, no write of any kind to the folder
            return f"sqlite:///file:{db_file}?immutable=1&uri=true"
        return f"sqlite:///{db_file}"

    def engine_name(self) -> str:
        return "postgresql" if self.url().startswith("postgresql") else "sqlite"

    def server_env(self, scratch: str) -> dict:
        env = dict(os.environ)
        env.update(CAPTCHA="off", SECRET_KEY=self.secret_key, LOG_LEVEL="WARNING")
        # The instance folder holds the secret key and uploads; a read-only run or a DATABASE_URL
        # run gets a scratch one so nothing is written beside the database.
        if self.instance_path and not self.read_only:
            env["INSTANCE_PATH"] = os.path.abspath(self.instance_path)
            env.pop("DATABASE_URL", None)
        else:
            env["INSTANCE_PATH"] = scratch
            env["DATABASE_URL"] = self.url()
        return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_command(port: int, workers: int = 2, threads: int = 4, app: str = APP) -> list[str]:
    """The product's own gunicorn settings file, on a local port, loading `app`."""
    from admin_app import DEPLOY

    return [sys.executable, "-m", "gunicorn", "--config", os.path.join(DEPLOY, "gunicorn.conf.py"),
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
            "--chdir", ROOT, app]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: str

    def pids(self) -> list[int]:
        """The gunicorn master and its workers."""
        master = self.process.pid
        out = [master]
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                with contextlib.suppress(OSError), open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == master:
                        out.append(int(entry))
        return out

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far by the master and its live workers."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.pids():
            with contextlib.suppress(OSError), open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / tick


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before answering")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url + "/healthz", timeout=5) as resp:
                if resp.status == 200:
                    return
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url}/healthz within {timeout:.0f} s")


@contextlib.contextmanager
def live_server(target: Target, workers: int = 2, threads: int = 4, log_dir: str | None = None):
    """Yield a running Server for the target; stop it (SIGTERM, then SIGKILL) at the end."""
    scratch = tempfile.mkdtemp(prefix="party-bench-instance-")
    log_dir = log_dir or scratch
    os.makedirs(log_dir, exist_ok=True)
    port = free_port()
    log_path = os.path.join(log_dir, f"gunicorn-{target.engine_name()}-{port}.log")
    with open(log_path, "ab") as log:
        process = subprocess.Popen(gunicorn_command(port, workers, threads), cwd=ROOT,
                                   env=target.server_env(scratch), stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        wait_until_up(server.url, process)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
