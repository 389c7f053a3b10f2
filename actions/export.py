"""Streamed exports: CSV as a generator, XLSX with XlsxWriter's constant_memory to a temp file."""
from __future__ import annotations

import csv
import io
import os
import tempfile
from datetime import date, datetime
from typing import Callable, Iterable, Iterator, Sequence

import xlsxwriter

from actions import clock

BATCH = 2000
Formatter = Callable[[object], object]


def _plain(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return clock.format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _cells(row: Sequence, formatters: Sequence[Formatter | None]) -> list:
    return [_plain(f(v) if f else v) for v, f in zip(row, formatters)]


def _csv_safe(value) -> str:
    text = str(value)
    # A leading =, +, - or @ would be run as a formula by spreadsheet programs.
    if text[:1] in ("=", "+", "-", "@") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def rows(session, stmt) -> Iterator[Sequence]:
    """Yield result rows of a Core select in batches without loading them all."""
    result = session.execute(stmt.execution_options(yield_per=BATCH, stream_results=True))
    for partition in result.partitions():
        yield from partition


def csv_stream(headers: Sequence[str], data: Iterable[Sequence],
               formatters: Sequence[Formatter | None]) -> Iterator[str]:
    """Yield a UTF-8 CSV (with BOM, so spreadsheet programs read Chinese) chunk by chunk."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    buf.write("\ufeff")
    writer.writerow(headers)
    for i, row in enumerate(data, 1):
        writer.writerow([_csv_safe(v) for v in _cells(row, formatters)])
        if i % 500 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def xlsx_file(headers: Sequence[str], data: Iterable[Sequence],
              formatters: Sequence[Formatter | None], sheet: str = "Sheet1"):
    """Write an XLSX to an unlinked temp file and return it opened for reading, and the row count."""
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    count = 0
    try:
        book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False,
                                          "strings_to_urls": False, "strings_to_numbers": False})
        ws = book.add_worksheet(sheet[:31])
        head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        for col, title in enumerate(headers):
            ws.write_string(0, col, str(title), head)
            ws.set_column(col, col, max(10, min(40, len(str(title)) * 2 + 4)))
        for r, row in enumerate(data, 1):
            for col, value in enumerate(_cells(row, formatters)):
                if value == "":
                    continue  # an empty cell is no cell: cheaper to write and to open
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    ws.write_number(r, col, value)
                else:
                    ws.write_string(r, col, str(value))
            count = r
        book.close()
        handle = open(path, "rb")
    finally:
        os.unlink(path)  # the open handle keeps the data until it is closed
    return handle, count
