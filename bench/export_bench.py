"""Time and measure the streamed exports over the demo city (seeded with 1,000,000 people).

`INSTANCE_PATH=... [DATABASE_URL=...] python bench/export_bench.py` runs each case in its own
process and prints wall time, rows, bytes and the process's peak RSS (before and after the
export). Prints figures, asserts nothing.
"""
from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time

from sqlalchemy import select

CASES = ("xlsx-100k", "xlsx-view-district", "csv-1m", "csv-view-city")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def login(app, username="demo_city"):
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    resp = client.post("/login", data={"username": username, "password": "demo12345",
                                       "csrf_token": token})
    assert resp.status_code == 302, resp.status_code
    return client


def view(app, endpoint):
    return next(v for v in app.extensions["admin"][0]._views if v.endpoint == endpoint)


def pipeline(app, fmt, limit):
    """The view's own export functions over a scoped Core select, without HTTP."""
    from flask_login import login_user

    from actions.export import csv_stream, rows, xlsx_file
    from actions.scoping import scope
    from models import Person, User, db

    with app.test_request_context():
        user = db.session.execute(select(User).where(User.username == "demo_city")).scalar_one()
        login_user(user)
        v = view(app, "direct_member")
        cols = v.export_columns()
        stmt = scope(select(*[c[1] for c in cols]).select_from(Person), user, Person)
        stmt = stmt.order_by(Person.org_path, Person.id).limit(limit)
        base, start, n, size = rss_mb(), time.perf_counter(), 0, 0
        cpu = time.process_time()
        if fmt == "xlsx":
            handle, n = xlsx_file([c[0] for c in cols], rows(db.session, stmt), [c[2] for c in cols])
            size = len(handle.read())
        else:
            first = None
            for chunk in csv_stream([c[0] for c in cols], rows(db.session, stmt), [c[2] for c in cols]):
                first = first or time.perf_counter() - start
                size += len(chunk.encode())
                n += chunk.count("\n")
            print(f"  first chunk after {first:.3f} s")
        print(f"  CPU time of the export {time.process_time() - cpu:.2f} s")
        return n, size, base, time.perf_counter() - start


def http(app, url):
    client = login(app)
    base, start, cpu = rss_mb(), time.perf_counter(), time.process_time()
    resp = client.get(url, buffered=False)
    first, size, lines = None, 0, 0
    for chunk in resp.response:
        first = first or time.perf_counter() - start
        size += len(chunk)
        lines += chunk.count(b"\n")
    print(f"  status {resp.status_code}, first chunk after {first:.3f} s, "
          f"CPU time {time.process_time() - cpu:.2f} s")
    return lines, size, base, time.perf_counter() - start


def run_case(case: str) -> None:
    from admin_app import create_app

    # The URL cases time the streamed download, so no export becomes a background job here.
    app = create_app({"CAPTCHA": False, "EXPORT_JOB_ROWS": 10**9, "EXPORT_RUNNER": False})
    with app.app_context():
        if case == "xlsx-100k":
            n, size, base, secs = pipeline(app, "xlsx", 100_000)
        elif case == "csv-1m":
            n, size, base, secs = pipeline(app, "csv", 1_000_000)
        elif case == "xlsx-view-district":
            n, size, base, secs = http(app, "/admin/direct_member/export/xlsx/?flt0_0=001001")
            n = "(xlsx)"
        else:
            n, size, base, secs = http(app, "/admin/direct_member/export/csv/")
    print(f"{case:<20} {secs:7.2f} s wall  rows {n}  {size / 1e6:8.1f} MB written  "
          f"peak RSS {rss_mb():6.1f} MB (before export {base:6.1f} MB)")


def main() -> None:
    if len(sys.argv) > 1:
        run_case(sys.argv[1])
        return
    for case in CASES:
        subprocess.run([sys.executable, __file__, case], check=False, env=os.environ)


if __name__ == "__main__":
    main()
