"""Exports as a user gets them: over HTTP, a background job, its progress page, the download.

    python -m bench.export_http --instance-path DIR | --database-url URL

Logged in through the form, each case asks for a list's export (GET .../export/<type>/); an
export of more rows than EXPORT_JOB_ROWS becomes a job, and the harness then reads the job's
page every half second, as its automatic refresh would, until the file is ready, and downloads
it. Prints, per case: rows, the seconds from the click to the file being ready, the download's
seconds and size, the seconds per 100,000 rows, and the server's CPU seconds meanwhile. The
jobs and files it makes are the user's own and expire like anyone's (EXPORT_KEEP_HOURS).
"""
from __future__ import annotations

import argparse
import re
import sys
import time

from bench import client, http_bench
from bench.live import live_server

# (user, list, export type): the district's direct members as XLSX (about 90,000 rows at a
# million people), the whole city's as CSV.
CASES = (("demo_district", "direct_member", "xlsx"), ("demo_city", "direct_member", "csv"))
JOB = re.compile(r"/admin/export_jobs/(\d+)/")
ROWS = re.compile(r"已导出 (\d+) 行，共 (\d+) 行")


def run_case(server, username: str, endpoint: str, kind: str, timeout: float = 1800) -> dict:
    session = client.login(server.url, username, http_bench.PASSWORD)
    cpu0, start = server.cpu_seconds(), time.perf_counter()
    resp = session.get(f"/admin/{endpoint}/export/{kind}/")
    found = JOB.search(resp.headers.get("Location", ""))
    if resp.status != 302 or not found:
        session.close()
        return {"user": username, "case": f"{endpoint} {kind}",
                "error": f"no job (status {resp.status}); is the list larger than EXPORT_JOB_ROWS?"}
    job = found.group(1)
    page = ""
    while time.perf_counter() - start < timeout:
        page = session.get(f"/admin/export_jobs/{job}/").text
        if "job-download" in page or "alert-danger" in page:
            break
        time.sleep(0.5)
    ready = time.perf_counter() - start
    if "job-download" not in page:
        session.close()
        return {"user": username, "case": f"{endpoint} {kind}", "error": "the job did not finish"}
    download = session.get(f"/admin/export_jobs/{job}/download")
    total = time.perf_counter() - start
    rows = int(ROWS.search(page).group(1)) if ROWS.search(page) else 0
    session.close()
    return {"user": username, "case": f"{endpoint} {kind}", "rows": rows, "ready_s": ready,
            "download_s": download.ms / 1000, "bytes": len(download.body), "total_s": total,
            "server_cpu_s": server.cpu_seconds() - cpu0, "status": download.status}


def run(server, cases=CASES) -> list[dict]:
    return [run_case(server, *case) for case in cases]


def summary(engine: str, results: list[dict]) -> str:
    lines = [f"{engine}: exports as background jobs, from the click to the downloaded file",
             f"{'user':14} {'case':22} {'rows':>9} {'ready s':>8} {'download s':>10} "
             f"{'MB':>7} {'s/100k':>7} {'server CPU s':>12}"]
    for r in results:
        if "error" in r:
            lines.append(f"{r['user']:14} {r['case']:22} error: {r['error']}")
            continue
        per = r["total_s"] * 100_000 / r["rows"] if r["rows"] else 0
        lines.append(f"{r['user']:14} {r['case']:22} {r['rows']:>9,} {r['ready_s']:>8.1f} "
                     f"{r['download_s']:>10.1f} {r['bytes'] / 2**20:>7.1f} {per:>7.1f} "
                     f"{r['server_cpu_s']:>12.1f}")
    return "\n".join(lines)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    http_bench.add_target_args(ap)
    args = ap.parse_args(argv)
    if args.read_only:
        raise SystemExit("an export job writes its row and file: run it without --read-only")
    target = http_bench.target_from(args)
    with live_server(target, args.workers, args.threads) as server:
        results = run(server)
    print(summary(target.engine_name(), results))


if __name__ == "__main__":
    sys.exit(main())
