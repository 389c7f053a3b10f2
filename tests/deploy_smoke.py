"""Deployment smoke test: the installed package, run as an operator would (not a pytest module).

    python tests/deploy_smoke.py --bin /tmp/venv/bin --database-url postgresql+psycopg://...
    python tests/deploy_smoke.py --bin /tmp/venv/bin --database-url sqlite:////tmp/x/party.db

With the `party-admin` of a virtual environment that holds the built wheel (and not the source
tree), from a scratch directory: apply the migrations to the EMPTY database, seed a small demo
city, create a system administrator with --password-stdin, start `party-admin serve` (gunicorn,
two workers), log in over HTTP with the form and its CSRF token, and check the Chinese home page,
the member list and one PDF, the health check and the access log. Standard library only, so it
runs with the bare interpreter of that environment. Exits non-zero on the first failure and
always stops the server it started.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

PASSWORD = "Smoke-pass-2024"
ADMIN = "opsadmin"


def fail(message: str) -> None:
    raise SystemExit(f"deploy smoke FAILED: {message}")


def check(condition, message: str) -> None:
    if not condition:
        fail(message)
    print(f"  ok  {message}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd: list[str], env: dict, stdin: str | None = None) -> str:
    print("  $", " ".join(cmd))
    done = subprocess.run(cmd, env=env, input=stdin, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        fail(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Browser:
    """Cookies, form posts, no automatic redirects (to see the login's 302)."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  NoRedirect)

    def request(self, path: str, data: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        try:
            with self.opener.open(req, timeout=120) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read()


def wait_healthy(base: str, server: subprocess.Popen, seconds: int = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if server.poll() is not None:
            fail(f"the server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    fail("the server did not answer /healthz in time")


def stop(server: subprocess.Popen) -> str:
    """Stop gunicorn (master and workers: its own process group) and return its output."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    return server.stdout.read() if server.stdout else ""


def smoke(bin_dir: str, database_url: str, members: int) -> None:
    party_admin = os.path.join(bin_dir, "party-admin")
    work = tempfile.mkdtemp(prefix="party-smoke-")
    os.chdir(work)  # outside the checkout: only the installed package can be imported
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "FLASK_APP")}
    env.update({"DATABASE_URL": database_url, "INSTANCE_PATH": os.path.join(work, "instance"),
                "UPLOAD_DIR": os.path.join(work, "uploads"), "SECRET_KEY": "smoke-" + "k" * 32,
                "CAPTCHA": "off", "BIND": f"127.0.0.1:{port}", "PYTHONUNBUFFERED": "1"})
    print(f"== deploy smoke on {database_url.split('@')[-1]} in {work}")

    where = run([party_admin, "paths"], env)
    check("site-packages" in where and "/templates" in where,
          "templates come from the installed package:\n" + where.strip())
    probe = run([os.path.join(bin_dir, "python"), "-c",
                 "import admin_app, models, actions, views; "
                 "print(admin_app.__file__, models.__file__)"], env)
    check("site-packages" in probe, "the packages are imported from site-packages")

    run([party_admin, "db", "upgrade"], env)
    run([party_admin, "seed-demo", "--members", str(members)], env)
    created = run([party_admin, "create-user", ADMIN, "--org", "001", "--role", "sysadmin",
                   "--password-stdin"], env, stdin=PASSWORD + "\n")
    check("已创建用户" in created, "create-user --password-stdin created the system administrator")

    server = subprocess.Popen([party_admin, "serve", "--workers", "2"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    output = ""
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, server)
        print(f"  gunicorn answers on {base}")
        web = Browser(base)
        status, _, body = web.request("/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body)
        check(status == 200 and token and "登录".encode() in body, "the login page is Chinese")
        status, headers, body = web.request("/login", {
            "csrf_token": token.group(1).decode(), "username": ADMIN, "password": PASSWORD})
        check(status == 302, f"the login form logs in (status {status})")

        status, _, body = web.request("/admin/")
        page = body.decode("utf-8")
        check(status == 200 and "党建工作平台" in page and "首页" in page,
              "the home page is Chinese")

        status, _, body = web.request("/admin/direct_member/")
        page = body.decode("utf-8")
        ids = re.findall(r"/admin/member/\?id=(\d+)", page)
        check(status == 200 and "直管党员" in page and ids,
              "the member list is Chinese and lists people")

        status, headers, body = web.request(
            f"/admin/development/person/{ids[0]}/print/record?format=pdf")
        check(status == 200 and body[:5] == b"%PDF-"
              and headers.get("Content-Type", "").startswith("application/pdf"),
              f"a printable document comes as a PDF ({len(body)} bytes)")

        status, _, body = web.request("/no-such-page")
        check(status == 404 and "页面或记录不存在" in body.decode("utf-8"),
              "errors are Chinese pages")
    finally:
        output = stop(server)
    print("  server output (last lines):")
    for line in output.strip().splitlines()[-6:]:
        print("   |", line)
    check(re.search(rf' {ADMIN} "GET /admin/direct_member/" 200 \d+ \d+ms', output),
          "the access log has one line per request with the user and the duration")
    check("Booting worker" in output and output.count("Booting worker") >= 2,
          "gunicorn started two workers")
    check(server.returncode is not None, "the server is stopped")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True, help="bin/ of the virtual environment")
    parser.add_argument("--database-url", required=True, help="an EMPTY database")
    parser.add_argument("--members", type=int, default=300)
    args = parser.parse_args()
    smoke(os.path.abspath(args.bin), args.database_url, args.members)
    print("deploy smoke passed")


if __name__ == "__main__":
    sys.exit(main())
