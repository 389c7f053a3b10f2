"""Percentiles and the plain-text tables the HTTP benchmarks print."""
from __future__ import annotations

import math
import statistics


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) with linear interpolation between closest ranks."""
    if not values:
        raise ValueError("no values")
    xs = sorted(values)
    rank = (len(xs) - 1) * p / 100
    lo, hi = math.floor(rank), math.ceil(rank)
    return xs[lo] + (xs[hi] - xs[lo]) * (rank - lo)


def median(values: list[float]) -> float:
    return statistics.median(values)


def ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def ratio(plain: list[float] | None, ours: list[float]) -> str:
    if not plain or not ours:
        return "—"
    return f"{median(plain) / median(ours):.1f}×"


def table(title: str, rows: list[dict]) -> str:
    """One table: a row per (user, page) with median and p95 of ours and of the plain view.

    Each row is {"user", "page", "ours": [ms…], "plain": [ms…] or None, "errors": int}.
    """
    head = ("user", "page", "ours median", "ours p95", "plain median", "plain p95",
            "plain/ours", "errors")
    body = []
    for row in rows:
        ours, plain = row["ours"], row.get("plain")
        body.append((row["user"], row["page"],
                     ms(median(ours)) if ours else "—", ms(percentile(ours, 95)) if ours else "—",
                     ms(median(plain)) if plain else "—",
                     ms(percentile(plain, 95)) if plain else "—",
                     ratio(plain, ours), str(row.get("errors", 0))))
    widths = [max(_width(r[i]) for r in (head, *body)) for i in range(len(head))]
    lines = [title, "  ".join(_pad(h, w, i) for i, (h, w) in enumerate(zip(head, widths)))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w, i) for i, (c, w) in enumerate(zip(r, widths))) for r in body]
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: a CJK character takes two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int, column: int) -> str:
    gap = " " * (width - _width(text))
    return text + gap if column < 2 else gap + text
