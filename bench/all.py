"""Every HTTP benchmark on one database: page times for three users, then the load test.

    python -m bench.all --instance-path DIR | --database-url URL [--out DIR] [--read-only]

Starts gunicorn (`-w 2 --threads 4`, the product's gunicorn.conf.py) with the product and the
plain comparison view, prints one table for the engine and the load figures, and stops it.
With --out, the tables, the raw timings (results.json) and the server log are kept there.
Reads only: it never writes to, drops or empties the database it is pointed at (logging in
records the login, as for any user; --read-only avoids even that).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

from bench import http_bench, load_test, report
from bench.live import live_server


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    http_bench.add_target_args(ap)
    ap.add_argument("--out", help="folder for report.txt, results.json and the gunicorn log")
    ap.add_argument("--runs", type=int, default=20, help="timed runs per page (after 2 warm-ups)")
    ap.add_argument("--users", type=int, default=16, help="concurrent sessions of the load test")
    ap.add_argument("--seconds", type=float, default=60, help="length of the load test")
    ap.add_argument("--skip-load", action="store_true")
    args = ap.parse_args(argv)
    target = http_bench.target_from(args)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
    engine = target.engine_name()
    header = (f"{engine} · {time.strftime('%Y-%m-%d %H:%M %Z')} · {platform.node()} · "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start · "
              f"gunicorn -w {args.workers} --threads {args.threads}")
    print(header, flush=True)
    with live_server(target, args.workers, args.threads, log_dir=args.out) as server:
        rows = http_bench.run(server, target, args.runs)
        pages = report.table(f"{engine}: ms per request as the client sees it, median and p95 "
                             f"of {args.runs} runs", rows)
        print(pages, flush=True)
        load = None
        if not args.skip_load:
            load = load_test.run(server, target, args.users, args.seconds)
            print(load_test.summary(engine, load), flush=True)
        log_path = server.log_path
    footer = f"load average at the end {os.getloadavg()[0]:.1f}; gunicorn log: {log_path}"
    print(footer)
    if args.out:
        with open(os.path.join(args.out, "report.txt"), "w", encoding="utf-8") as fh:
            parts = [header, pages] + ([load_test.summary(engine, load)] if load else [])
            fh.write("\n\n".join([*parts, footer]) + "\n")
        with open(os.path.join(args.out, "results.json"), "w", encoding="utf-8") as fh:
            json.dump({"engine": engine, "header": header, "pages": rows, "load": load}, fh,
                      ensure_ascii=False, indent=1)


if __name__ == "__main__":
    sys.exit(main())
