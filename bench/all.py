"""Every HTTP benchmark on one database: page times for three users, the load test, every page
of the menu for the city user, and exports as background jobs.

    python -m bench.all --instance-path DIR | --database-url URL [--out DIR] [--read-only]

Starts gunicorn (`-w 2 --threads 4`, the product's gunicorn.conf.py) with the product and the
plain comparison view, prints one table for the engine, the load figures, the menu's pages and
the exports, and stops it. With --out, the tables, the raw timings (results.json) and the
server log are kept there. It never drops or empties the database it is pointed at; logging in
records the login and the exports write the user's own export jobs, as for any user
(--read-only runs only the first two parts and writes nothing at all).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

from bench import every_page, export_http, http_bench, load_test, report
from bench.live import live_server


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    http_bench.add_target_args(ap)
    ap.add_argument("--out", help="folder for report.txt, results.json and the gunicorn log")
    ap.add_argument("--runs", type=int, default=20, help="timed runs per page (after 2 warm-ups)")
    ap.add_argument("--users", type=int, default=16, help="concurrent sessions of the load test")
    ap.add_argument("--seconds", type=float, default=60, help="length of the load test")
    ap.add_argument("--skip-load", action="store_true")
    ap.add_argument("--skip-menu", action="store_true", help="skip every page of the menu")
    ap.add_argument("--skip-exports", action="store_true")
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
        load = menu = exports = None
        parts = [pages]
        if not args.skip_load:
            load = load_test.run(server, target, args.users, args.seconds)
            parts.append(load_test.summary(engine, load))
            print(parts[-1], flush=True)
        if not (args.skip_menu or args.read_only):
            menu = every_page.run(server, "demo_city", 5)
            parts.append(every_page.table(f"{engine}, demo_city: every page of the menu, ms, "
                                          "median and p95 of 5 runs", menu))
            print(parts[-1], flush=True)
        if not (args.skip_exports or args.read_only):
            exports = export_http.run(server)
            parts.append(export_http.summary(engine, exports))
            print(parts[-1], flush=True)
        log_path = server.log_path
    footer = f"load average at the end {os.getloadavg()[0]:.1f}; gunicorn log: {log_path}"
    print(footer)
    if args.out:
        with open(os.path.join(args.out, "report.txt"), "w", encoding="utf-8") as fh:
            fh.write("\n\n".join([header, *parts, footer]) + "\n")
        with open(os.path.join(args.out, "results.json"), "w", encoding="utf-8") as fh:
            json.dump({"engine": engine, "header": header, "pages": rows, "load": load,
                       "menu": menu, "exports": exports}, fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    sys.exit(main())
