"""A statistics table exported to XLSX and DOCX reads back with the same numbers; charts are SVG."""
from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from docx import Document

from actions.stats import output as stat_output
from actions.stats import tables as statistics
from actions.stats.tables import Spec
from tests import factories as f


@pytest.fixture
def table(ctx, city):
    for male, edu in ((True, "21"), (True, "21"), (False, "21"), (False, "14")):
        f.make_person(ctx, city.branch_a1a, "甲", male=male, education=edu)
    f.make_person(ctx, city.branch_b1, "乙", male=True, education="14")
    spec = Spec(name="学历性别统计", object="direct", row="education", col="sex")
    return statistics.run(ctx, city.city_admin, spec, date(2026, 1, 1))


def test_grid_has_row_and_column_totals(table):
    assert stat_output.grid(table) == [
        ["学历 \\ 性别", "男", "女", "合计"],
        ["硕士研究生", 1, 1, 2],
        ["大学本科", 2, 1, 3],
        ["合计", 3, 2, 5],
    ]


def test_xlsx_opens_with_title_conditions_and_numbers(table):
    book = openpyxl.load_workbook(io.BytesIO(stat_output.to_xlsx(table)))
    sheet = book.active
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]

    assert values[0] == ["学历性别统计"]
    assert values[1] == ["统计范围：中共测试市委员会及所属党组织"]
    assert ["大学本科", 2, 1, 3] in values
    assert values[-1] == ["合计", 3, 2, 5]


def test_docx_opens_with_the_same_table(table):
    doc = Document(io.BytesIO(stat_output.to_docx(table)))
    cells = [[c.text for c in row.cells] for row in doc.tables[0].rows]

    assert doc.paragraphs[0].text == "学历性别统计"
    assert cells[0] == ["学历 \\ 性别", "男", "女", "合计"]
    assert cells[-1] == ["合计", "3", "2", "5"]


@pytest.mark.parametrize("draw", [stat_output.svg_bar, stat_output.svg_pie])
def test_charts_are_self_contained_svg_with_every_label(table, draw):
    svg = draw(table)

    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "大学本科" in svg and "硕士研究生" in svg
    assert "http://" not in svg.replace("http://www.w3.org/2000/svg", "") and "https://" not in svg


def test_chart_labels_are_escaped(table):
    table.rows[0] = (table.rows[0][0], "<script>x</script>")

    assert "<script>" not in stat_output.svg_bar(table)
    assert "<script>" not in stat_output.svg_pie(table)


def test_bar_chart_of_a_cross_table_stacks_one_segment_per_cell(table):
    svg = stat_output.svg_bar(table)

    bars = svg.count("<rect") - len(table.cols)  # minus the legend swatches
    assert bars == sum(1 for v in table.cells.values() if v > 0) == 4
    assert "大学本科 男：2" in svg


def test_single_dimension_grid_gives_each_share_of_the_total(ctx, city):
    for male in (True, True, True, False):
        f.make_person(ctx, city.branch_a1a, "甲", male=male)

    table = statistics.run(ctx, city.city_admin, Spec(object="direct", row="sex"), date(2026, 1, 1))

    assert stat_output.grid(table) == [["性别", "人数", "占比"], ["男", 3, "75.0%"],
                                       ["女", 1, "25.0%"], ["合计", 4, "100.0%"]]
