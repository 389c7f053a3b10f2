"""A statistics table as a chart definition for static/js/charts.js (bar, stacked bar, pie)."""
from __future__ import annotations

CHARTS = {"bar": "柱状图", "stacked": "堆叠柱状图", "pie": "饼图"}


def chart_spec(table, kind: str) -> dict:
    """Rows are the categories; with a column dimension each column is a series."""
    categories = [str(label) for _key, label in table.rows]
    if table.col_label and kind != "pie":
        series = [{"name": str(label), "data": [table.cell(r, c) for r, _l in table.rows]}
                  for c, label in table.cols]
    else:
        series = [{"name": "合计" if table.col_label else str(table.cols[0][1]),
                   "data": [table.row_totals[r] for r, _l in table.rows]}]
    return {"type": kind if kind in CHARTS else "bar", "title": table.title,
            "categories": categories, "series": series,
            "unit": "组织数" if getattr(table, "subject", "person") == "org" else "人数"}
