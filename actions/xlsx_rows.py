"""A constant-memory XLSX worksheet that writes each data row as one piece of XML.

XlsxWriter spends most of an export in its per-cell bookkeeping (one cell object, one
dimension check and one formatted tag per value). The rows of an export are plain typed values
in known formats, so this sheet writes a whole row at once, in the same XML XlsxWriter writes
in constant-memory mode (inline strings, numbers with a style index). The workbook, its styles,
the header row, frozen panes and column widths still go through XlsxWriter.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet
from xlsxwriter.xmlwriter import XMLwriter

EPOCH = datetime(1899, 12, 30)
_NEEDS_CONTROL_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_")
_NEEDS_XML_ESCAPE = re.compile("[&<>]")
# The text a date cell shows in each format (for the column width).
SHOWN = {"date": "2026-01-01", "month": "2026-01", "datetime": "2026-01-01 00:00:00"}


def excel_serial(value: date) -> float:
    """Excel's day number of a date or a naive datetime (1900 date system)."""
    if isinstance(value, datetime):
        delta = value - EPOCH
        return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return float((value - EPOCH.date()).days)


def inline_string(ref: str, text: str) -> str:
    if _NEEDS_CONTROL_ESCAPE.search(text):
        text = XMLwriter._escape_control_characters(text)
    if _NEEDS_XML_ESCAPE.search(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


class RowSheet(Worksheet):
    """Worksheet with `append_row(row, cells)`; use it with constant_memory only."""

    def start_rows(self, columns: int, styles: dict[str, object]) -> None:
        """Prepare the column letters and the style indexes used by `append_row`."""
        self._letters = [xl_col_to_name(c) for c in range(columns)]
        self._style = {kind: fmt._get_xf_index() for kind, fmt in styles.items()}

    def append_row(self, row: int, cells: list) -> list[str | None]:
        """Write one row of typed values (after every row written so far).

        Returns the text each cell shows (None for an empty one), for the column widths.
        """
        self._write_single_row(row)  # XlsxWriter's own pending row (the header) goes first
        number = row + 1
        parts, shown = [], []
        last = -1
        for col, value in enumerate(cells):
            if value == "" or value is None:
                shown.append(None)
                continue
            last = col
            ref = f"{self._letters[col]}{number}"
            text, xml = self._cell(ref, value)
            parts.append(xml)
            shown.append(text)
        if last >= 0:
            self._check_dimensions(row, last)
            self.fh.write(f'<row r="{number}">{"".join(parts)}</row>')
        return shown

    def _cell(self, ref: str, value) -> tuple[str, str]:
        style = self._style
        if isinstance(value, (datetime, date)):
            kind = getattr(value, "excel_format", None) or (
                "datetime" if isinstance(value, datetime) else "date")
            return SHOWN[kind], f'<c r="{ref}" s="{style[kind]}"><v>{excel_serial(value):.16G}</v></c>'
        if isinstance(value, bool):
            value = "是" if value else "否"
        elif isinstance(value, int):
            return str(value), f'<c r="{ref}" s="{style["integer"]}"><v>{value}</v></c>'
        elif isinstance(value, (float, Decimal)):
            return (f"{value:,.2f}",
                    f'<c r="{ref}" s="{style["money"]}"><v>{float(value):.16G}</v></c>')
        text = str(value)
        return text, inline_string(ref, text)
