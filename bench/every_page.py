"""Time every page of the menu for one user, over HTTP against gunicorn.

    python -m bench.every_page --instance-path DIR | --database-url URL [--user demo_city]

Logs in through the form, collects every link of the side menu and of the home page that leads
to a page of the admin (GET, same site, not a download or the logout), requests each page once
to warm up and then `--runs` times (default 5), and prints one line per page, slowest first:
median and p95 in milliseconds as the client sees them, and the status. Reads only (logging in
records the login, as for anyone); asserts nothing about time.
"""
from __future__ import annotations

import argparse
import html
import re
import sys
from urllib.parse import urlsplit

from bench import client, http_bench, report
from bench.live import live_server

LINK = re.compile(r'<a\b[^>]*\bhref="([^"#]+)"', re.I)
# Links that are not pages: leaving, downloads, printouts and exports (those are jobs).
SKIP = re.compile(r"/logout|/export/|/download|\.pdf|/print|/letters|format=|/static/")


def links(page: str) -> list[str]:
    """The admin pages a page links to, in order, each once."""
    out: list[str] = []
    for href in LINK.findall(page):
        href = html.unescape(href)
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/admin/"):
            continue
        if SKIP.search(href) or href in out:
            continue
        out.append(href)
    return out


def run(server, username: str, runs: int, out=sys.stdout) -> list[dict]:
    session = client.login(server.url, username, http_bench.PASSWORD)
    home = session.get("/admin/")
    pages = ["/admin/", *[u for u in links(home.text) if u != "/admin/"]]
    print(f"  {username}: {len(pages)} pages × {runs} runs", file=out, flush=True)
    rows = []
    for url in pages:
        times, statuses = [], set()
        for i in range(1 + runs):
            resp = session.get(url)
            statuses.add(resp.status)
            if i:
                times.append(resp.ms)
        rows.append({"url": url, "ms": times, "status": sorted(statuses)})
    session.close()
    return sorted(rows, key=lambda r: -report.median(r["ms"]))


def table(title: str, rows: list[dict]) -> str:
    lines = [title, f"{'median':>8} {'p95':>8}  status  page"]
    for r in rows:
        lines.append(f"{report.ms(report.median(r['ms'])):>8} "
                     f"{report.ms(report.percentile(r['ms'], 95)):>8}  "
                     f"{','.join(map(str, r['status'])):6}  {r['url']}")
    return "\n".join(lines)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    http_bench.add_target_args(ap)
    ap.add_argument("--user", default="demo_city")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    if args.read_only:
        raise SystemExit("every_page logs in through the form: run it without --read-only")
    target = http_bench.target_from(args)
    with live_server(target, args.workers, args.threads) as server:
        rows = run(server, args.user, args.runs)
    print(table(f"{target.engine_name()}, {args.user}: ms per page, median and p95 of "
                f"{args.runs} runs", rows))


if __name__ == "__main__":
    main()
