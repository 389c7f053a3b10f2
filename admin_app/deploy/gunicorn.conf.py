"""gunicorn settings of the party-affairs admin platform (`party-admin serve` uses this file).

Copy it and pass `--config /etc/party-admin/gunicorn.conf.py` to change more than the
environment variables below allow. gunicorn's own command-line options override this file.
"""
import multiprocessing
import os

from admin_app import logs

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Threads per worker: a long streamed download (a CSV of a million people) occupies one thread,
# and the gthread worker keeps telling the master it is alive meanwhile, so `timeout` does not
# kill it. `timeout` only catches a worker whose main loop hangs.
worker_class = "gthread"
workers = int(os.environ.get("WORKERS") or max(2, min(multiprocessing.cpu_count(), 8)))
threads = int(os.environ.get("THREADS") or 4)
timeout = int(os.environ.get("WORKER_TIMEOUT") or 120)
graceful_timeout = 30
keepalive = 5
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"  # heartbeat files off the disk

# Logs: stdout (journald under systemd); one access line per request with user and duration.
accesslog = "-"
errorlog = "-"
access_log_format = logs.ACCESS_FORMAT
logconfig_dict = logs.gunicorn_logconfig(os.environ.get("LOG_LEVEL") or "INFO")
proc_name = "party-admin"
