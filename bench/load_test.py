"""Concurrent users for a while: requests/s, latency percentiles, errors and the server's CPU.

    python -m bench.load_test --instance-path DIR | --database-url URL [--users 16] [--seconds 60]

Half the sessions are demo_district, half demo_branch, each logged in through the form and
looping without pause over a mix of 直管党员 pages, ID-number and name searches and member pages
(the people searched for and opened differ from request to request). Reads only.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote

from bench import http_bench, report
from bench.live import live_server

LOAD_USERS = ("demo_district", "demo_branch")
# (weight, kind): what a member-affairs clerk mostly does
MIX = ((3, "list"), (1, "list page 2"), (2, "ID search"), (2, "name search"), (2, "member"))


def url_for(kind: str, s: http_bench.Sample) -> str:
    """The URL of one request of the mix for sample person s."""
    ours = http_bench.OURS
    if kind == "list":
        return ours
    if kind == "list page 2":
        return f"{ours}?page=1"
    if kind == "ID search":
        return f"{ours}?search={quote(s.id_number)}"
    if kind == "name search":
        return f"{ours}?search={quote(s.name[:2])}"
    if kind == "member":
        return f"/admin/member/?id={s.person_id}"
    raise ValueError(kind)


def request_plan(samples: list[http_bench.Sample], seed: int, n: int = 1000,
                 read_only: bool = False) -> list[str]:
    """A deterministic sequence of n URLs drawn from MIX for one session.

    Read-only runs leave out member pages: opening one writes an audit entry.
    """
    rng = random.Random(seed)
    kinds = [kind for weight, kind in MIX for _ in range(weight)
             if not (read_only and kind == "member")]
    return [url_for(rng.choice(kinds), rng.choice(samples)) for _ in range(n)]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def worker(session, plan: list[str], stop_at: float, tally: Tally) -> None:
    i = 0
    while time.monotonic() < stop_at:
        url = plan[i % len(plan)]
        i += 1
        try:
            resp = session.get(url)
            error = None if resp.status == 200 else f"GET {url} -> {resp.status}"
            elapsed = resp.ms
        except OSError as err:
            error, elapsed = f"GET {url}: {type(err).__name__}", None
        with tally.lock:
            if elapsed is not None:
                tally.latencies.append(elapsed)
            if error:
                tally.errors.append(error)
    session.close()


def run(server, target, users: int = 16, seconds: float = 60, out=sys.stdout) -> dict:
    """Run the load; return its figures."""
    picked = http_bench.samples(target.url(), LOAD_USERS, per_user=50)
    sessions, plans = [], []
    for i in range(users):
        username = LOAD_USERS[i % len(LOAD_USERS)]
        people = picked[username]
        sessions.append(http_bench.open_session(server, target, people[0]))
        plans.append(request_plan(people, seed=i, read_only=target.read_only))
    for session, plan in zip(sessions, plans):  # one warm-up request each
        session.get(plan[0])
    tally = Tally()
    cpu0, client0, t0 = server.cpu_seconds(), _client_cpu(), time.monotonic()
    stop_at = t0 + seconds
    threads = [threading.Thread(target=worker, args=(s, p, stop_at, tally))
               for s, p in zip(sessions, plans)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    cpu, client_cpu = server.cpu_seconds() - cpu0, _client_cpu() - client0
    lat = tally.latencies
    result = {
        "users": users, "seconds": round(wall, 1), "requests": len(lat),
        "req_per_s": len(lat) / wall if wall else 0.0,
        "p50": report.percentile(lat, 50) if lat else None,
        "p95": report.percentile(lat, 95) if lat else None,
        "p99": report.percentile(lat, 99) if lat else None,
        "errors": len(tally.errors), "error_samples": sorted(set(tally.errors))[:5],
        "server_cpu_s": cpu, "client_cpu_s": client_cpu, "cores": os.cpu_count(),
    }
    return result


def _client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def summary(engine: str, r: dict) -> str:
    """The load figures as a few lines of text."""
    lines = [
        f"{engine}: {r['users']} concurrent sessions ({' / '.join(LOAD_USERS)}), "
        f"{r['seconds']} s",
        f"  {r['requests']:,} requests, {r['req_per_s']:.1f} req/s; "
        f"p50 {report.ms(r['p50'])} ms, p95 {report.ms(r['p95'])} ms, "
        f"p99 {report.ms(r['p99'])} ms; errors {r['errors']}",
        f"  server CPU {r['server_cpu_s']:.1f} s ({100 * r['server_cpu_s'] / r['seconds']:.0f}% "
        f"of one core; {r['cores']} cores), client CPU {r['client_cpu_s']:.1f} s",
    ]
    lines += [f"  error: {e}" for e in r["error_samples"]]
    return "\n".join(lines)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    http_bench.add_target_args(ap)
    ap.add_argument("--users", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=60)
    args = ap.parse_args(argv)
    target = http_bench.target_from(args)
    with live_server(target, args.workers, args.threads) as server:
        result = run(server, target, args.users, args.seconds)
    print(summary(target.engine_name(), result))


if __name__ == "__main__":
    main()
