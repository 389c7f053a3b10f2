"""The export's XLSX rows: typed cells in the formats a Chinese office reads, text kept exactly."""
from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl

from actions.export import Month, xlsx_file

HEADERS = ["姓名", "出生日期", "月份", "金额", "人数", "时间", "失联", "备注"]


def _sheet(rows):
    handle, count = xlsx_file(HEADERS, rows, [None] * len(HEADERS))
    return openpyxl.load_workbook(io.BytesIO(handle.read())).active, count


def test_cells_keep_their_types_and_formats():
    sheet, count = _sheet([
        ["张&<三>", date(2024, 2, 29), Month(2024, 3, 1), Decimal("1234.5"), 7,
         datetime(2026, 1, 2, 3, 4, 5), True, " 前后空格 "],
    ])
    row = [c for c in sheet[2]]

    assert count == 1
    assert [c.value for c in sheet[1]] == HEADERS
    # A stored time is UTC; the sheet shows the platform's time (Beijing: +8 hours).
    assert [c.value for c in row] == ["张&<三>", datetime(2024, 2, 29), datetime(2024, 3, 1),
                                      1234.5, 7, datetime(2026, 1, 2, 11, 4, 5), "是", " 前后空格 "]
    assert [c.number_format for c in row[1:6]] == ["yyyy-mm-dd", "yyyy-mm", "#,##0.00", "0",
                                                  "yyyy-mm-dd hh:mm:ss"]
    assert sheet.freeze_panes == "A2"


def test_empty_values_are_no_cells_and_control_characters_are_escaped_as_excel_does():
    sheet, count = _sheet([["甲", None, None, None, 0, None, False, ""],
                           ["乙\x01", None, None, 0.1, None, None, None, "_x0041_"]])

    assert count == 2
    assert sheet.dimensions == "A1:H3"
    assert [c.value for c in sheet[2]] == ["甲", None, None, None, 0, None, "否", None]
    assert sheet["A3"].value == "乙_x0001_"  # Excel shows the control character's escape
    assert sheet["H3"].value == "_x005F_x0041_"  # a literal escape stays literal in Excel


def test_columns_are_as_wide_as_their_widest_cell():
    sheet, _ = _sheet([["中共江城市西山区第一医院内科支部委员会", date(2020, 1, 1), None, None, None,
                        None, None, "短"]])

    assert sheet.column_dimensions["A"].width >= 38  # 19 Chinese characters, two columns each
