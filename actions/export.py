"""Streamed exports: CSV as a generator, XLSX with XlsxWriter's constant_memory to a temp file.

XLSX cells are typed: numbers are numbers and dates are dates (Excel can sum and sort them),
with the formats a Chinese office reads: 2026-09-01, 2026-09 for a month, #,##0.00 for yuan.
The header row is frozen and columns are as wide as their widest cell among the first rows.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
import unicodedata
from datetime import date, datetime
from typing import Callable, Iterable, Iterator, Sequence

import xlsxwriter

from actions import clock
from actions.xlsx_rows import RowSheet

BATCH = 2000
Formatter = Callable[[object], object]
FORMATS = {"date": "yyyy-mm-dd", "month": "yyyy-mm", "datetime": "yyyy-mm-dd hh:mm:ss",
           "money": "#,##0.00", "integer": "0"}
MAX_WIDTH = 50
# Column widths come from the header and the first rows: enough to size a column, and the
# widest cell of a million rows is not worth measuring each one.
WIDTH_ROWS = 1000


class Month(date):
    """A month (stored as its first day): YYYY-MM in CSV, a date cell shown yyyy-mm in XLSX."""

    excel_format = "month"

    @classmethod
    def of(cls, value):
        """Formatter: the month of a date (None stays None)."""
        if not isinstance(value, date):
            return value
        return cls(value.year, value.month, 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _plain(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Month):
        return str(value)
    if isinstance(value, datetime):
        return clock.format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _typed(value) -> object:
    """A value for an XLSX cell: keep numbers and dates, turn the rest into text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):  # stored in UTC: the platform's local time, to the second
        return clock.local(value).replace(tzinfo=None, microsecond=0)
    return value


def _cells(row: Sequence, formatters: Sequence[Formatter | None], plain=_plain) -> list:
    return [plain(f(v) if f else v) for v, f in zip(row, formatters)]


def display_width(text: str) -> int:
    """Width of text in spreadsheet columns: a Chinese character is two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


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
        ws = book.add_worksheet(sheet[:31], worksheet_class=RowSheet)
        head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        ws.start_rows(len(headers), {k: book.add_format({"num_format": v})
                                     for k, v in FORMATS.items()})
        widths = [display_width(str(title)) + 2 for title in headers]
        for col, title in enumerate(headers):
            ws.write_string(0, col, str(title), head)
        ws.freeze_panes(1, 0)
        for r, row in enumerate(data, 1):
            shown = ws.append_row(r, _cells(row, formatters, _typed))
            if r <= WIDTH_ROWS:
                for col, text in enumerate(shown):
                    # A Chinese character is two columns wide: only a long text can widen.
                    if text is not None and len(text) * 2 + 2 > widths[col]:
                        widths[col] = max(widths[col], display_width(text) + 2)
            count = r
        for col, width in enumerate(widths):
            ws.set_column(col, col, min(max(width, 8), MAX_WIDTH))
        book.close()
        handle = open(path, "rb")
    finally:
        os.unlink(path)  # the open handle keeps the data until it is closed
    return handle, count
