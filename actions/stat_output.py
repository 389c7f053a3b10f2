"""A statistics table as XLSX, DOCX and a server-side SVG chart (no CDN, no JavaScript)."""
from __future__ import annotations

import io
import math
from html import escape

import xlsxwriter

from actions.stats.tables import Table

PALETTE = ["#2F75B5", "#C00000", "#70AD47", "#ED7D31", "#7030A0", "#00B0F0", "#FFC000",
           "#A5A5A5", "#264478", "#9E480E", "#43682B", "#636363"]


def grid(table: Table) -> list[list]:
    """Header row, one row per row value with its total, and the totals row."""
    multi = table.col_label is not None
    head = [table.row_label + (f" \\ {table.col_label}" if multi else "")]
    head += [label for _k, label in table.cols] + (["合计"] if multi else ["占比"])
    out = [head]
    for key, label in table.rows:
        line = [label] + [table.cell(key, c) for c, _l in table.cols]
        n = table.row_totals.get(key, 0)
        out.append(line + ([n] if multi else [share(n, table.total)]))
    totals = ["合计"] + [table.col_totals.get(c, 0) for c, _l in table.cols]
    out.append(totals + ([table.total] if multi else [share(table.total, table.total)]))
    return out


def share(n: int, total: int) -> str:
    """A percentage with one decimal, as printed in statistics reports."""
    return f"{100 * n / total:.1f}%" if total else "0.0%"


def to_xlsx(table: Table) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
    ws = book.add_worksheet("统计表")
    bold = book.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7"})
    cell = book.add_format({"border": 1})
    ws.write_string(0, 0, table.title, book.add_format({"bold": True, "font_size": 14}))
    for i, text in enumerate(table.conditions, 1):
        ws.write_string(i, 0, text)
    top = len(table.conditions) + 2
    rows = grid(table)
    for r, line in enumerate(rows):
        for c, value in enumerate(line):
            fmt = bold if r == 0 or c == 0 or r == len(rows) - 1 else cell
            if isinstance(value, int):
                ws.write_number(top + r, c, value, fmt)
            else:
                ws.write_string(top + r, c, str(value), fmt)
    ws.set_column(0, 0, 30)
    ws.set_column(1, len(rows[0]), 12)
    book.close()
    return buf.getvalue()


def to_docx(table: Table) -> bytes:
    from docx import Document  # python-docx loads lxml: only when a Word file is asked for
    from docx.shared import Pt

    doc = Document()
    doc.add_heading(table.title, level=1)
    for text in table.conditions:
        doc.add_paragraph(text)
    rows = grid(table)
    out = doc.add_table(rows=len(rows), cols=len(rows[0]))
    out.style = "Table Grid"
    for r, line in enumerate(rows):
        for c, value in enumerate(line):
            para = out.cell(r, c).paragraphs[0]
            run = para.add_run(str(value))
            run.font.size = Pt(9)
            run.bold = r == 0 or r == len(rows) - 1
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _series(table: Table) -> list[tuple[str, int]]:
    return [(label, table.row_totals.get(key, 0)) for key, label in table.rows]


def svg_bar(table: Table, width: int = 760) -> str:
    """Horizontal bars of the row totals; with a column dimension each bar is stacked by column."""
    stacked = table.col_label is not None
    top = max([table.row_totals.get(k, 0) for k, _l in table.rows] or [0]) or 1
    bar_h, gap, left = 22, 8, 230
    legend = 24 if stacked else 0
    height = max(1, len(table.rows)) * (bar_h + gap) + 20 + legend
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{escape(table.title)}" class="stat-chart">']
    if stacked:
        x = left
        for j, (_c, clabel) in enumerate(table.cols):
            parts.append(f'<rect x="{x}" y="4" width="12" height="12" '
                         f'fill="{PALETTE[j % len(PALETTE)]}"/>')
            parts.append(f'<text x="{x + 16}" y="15" font-size="12">{escape(_short(clabel, 8))}</text>')
            x += 30 + 13 * min(len(clabel), 8)
    scale = (width - left - 70) / top
    for i, (key, label) in enumerate(table.rows):
        y = legend + 10 + i * (bar_h + gap)
        n = table.row_totals.get(key, 0)
        parts.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" font-size="13">'
                     f'{escape(_short(label))}</text>')
        segments = ([(table.cell(key, c), clabel, j) for j, (c, clabel) in enumerate(table.cols)]
                    if stacked else [(n, label, i)])
        x = left
        for value, seg_label, j in segments:
            if value <= 0:
                continue
            w = value * scale
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                         f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(label)} '
                         f'{escape(seg_label) if stacked else ""}：{value}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 16}" font-size="13">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_pie(table: Table, size: int = 300) -> str:
    """A pie of the row totals with a legend giving counts and shares."""
    data = [(label, n) for label, n in _series(table) if n > 0]
    total = sum(n for _l, n in data)
    r, cx, cy = size / 2 - 10, size / 2, size / 2
    legend_h = len(data) * 20 + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 320}" '
             f'height="{max(size, legend_h)}" role="img" aria-label="{escape(table.title)}" '
             f'class="stat-chart">']
    angle = -math.pi / 2
    for i, (label, n) in enumerate(data):
        color = PALETTE[i % len(PALETTE)]
        share = n / total
        if share >= 0.9999:
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{color}"/>')
        else:
            end = angle + share * 2 * math.pi
            x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            x2, y2 = cx + r * math.cos(end), cy + r * math.sin(end)
            large = 1 if share > 0.5 else 0
            parts.append(f'<path d="M{cx},{cy} L{x1:.2f},{y1:.2f} A{r},{r} 0 {large} 1 '
                         f'{x2:.2f},{y2:.2f} Z" fill="{color}"><title>{escape(label)}：{n}'
                         f'</title></path>')
            angle = end
        y = 14 + i * 20
        parts.append(f'<rect x="{size + 10}" y="{y}" width="12" height="12" fill="{color}"/>')
        parts.append(f'<text x="{size + 28}" y="{y + 11}" font-size="13">{escape(_short(label))}'
                     f' {n}（{share:.1%}）</text>')
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str, n: int = 18) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"
