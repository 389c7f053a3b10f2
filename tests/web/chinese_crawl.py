"""Crawl every page of every registered admin view and read what a user sees or hears.

Used by the tests of the Chinese interface: visible text, tooltips, placeholders, aria labels,
button captions, and every form control with the label a screen reader would read for it.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from flask_admin.model import BaseModelView

# Latin words a Chinese user may see: names of formats and of the ID card.
ALLOWED = {"PDF", "Excel", "ID", "IP", "PNG", "SVG", "xlsx", "XLSX", "CSV", "csv", "Word", "docx",
           "ECharts", "demo_city", "demo_district", "demo_branch", "demo_branch2"}
WORD = re.compile(r"[A-Za-z][A-Za-z_]+[A-Za-z0-9_]*")
HEARD = ("title", "placeholder", "aria-label", "alt", "data-original-title")
CONTROLS = ("input", "select", "textarea")
UNLABELLED_TYPES = ("hidden", "submit", "button", "reset", "image")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
SILENT = ("script", "style", "noscript", "template")


def _hidden(tag: str, a: dict) -> bool:
    style = (a.get("style") or "").replace(" ", "").lower()
    return (tag in SILENT or "hidden" in a or "display:none" in style
            or "d-none" in (a.get("class") or "").split())


class Page(HTMLParser):
    """Collect visible text, heard attributes and form controls with their labels."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, hidden)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in VOID:
            self.stack.append((tag, _hidden(tag, a)))
        if any(h for _, h in self.stack):
            return
        for name in HEARD:
            if a.get(name):
                self.texts.append(a[name])
        if tag == "input" and a.get("type") in ("submit", "button", "reset") and a.get("value"):
            self.texts.append(a["value"])
        if tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if tag in CONTROLS:
            if tag == "input" and (a.get("type") or "text") in UNLABELLED_TYPES:
                return
            a["_tag"] = tag
            a["_in_label"] = self.label_depth > 0
            self.controls.append(a)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag == "label":
            self.label_depth = max(0, self.label_depth - 1)

    def handle_data(self, data):
        if data.strip() and not any(h for _, h in self.stack):
            self.texts.append(data)

    def english(self) -> set[str]:
        words = set()
        for text in self.texts:
            words.update(w for w in WORD.findall(text) if w not in ALLOWED)
        return words

    def unlabelled(self) -> list[str]:
        out = []
        for c in self.controls:
            if c["_in_label"] or c.get("aria-label") or c.get("aria-labelledby") or c.get("title"):
                continue
            if c.get("id") and c["id"] in self.label_for:
                continue
            out.append(f"<{c['_tag']} name={c.get('name')!r} id={c.get('id')!r}>")
        return out


def read(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


SKIP = ("ajax", "export", ".pdf", "static", "letter.", "download", "logout", "print")
KINDS = ("rename", "move", "dissolve", "restore")


def action_urls(app, ids: list[int]) -> list[str]:
    """The views' own pages (forms, desks), opened with each of the given row ids."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin/") or "GET" not in rule.methods:
            continue
        if any(x in rule.rule or x in rule.endpoint for x in SKIP):
            continue
        if rule.endpoint.split(".")[-1] in ("index_view", "details_view", "edit_view",
                                            "create_view"):
            continue
        args = set(rule.arguments)
        if args - {"kind"}:
            continue
        paths = [rule.rule.replace("<kind>", k) for k in KINDS] if "kind" in args else [rule.rule]
        for path in paths:
            urls.append(path)
            urls += [f"{path}?id={i}" for i in ids] + [f"{path}?person_id={i}" for i in ids]
    return urls


def view_urls(app, client, session, ids: list[int] = ()) -> list[str]:
    """Every page of every view: lists, one details / edit page each, create pages, forms."""
    admin = app.extensions["admin"][0]
    urls = ["/admin/"] + action_urls(app, list(ids))
    with app.test_request_context():
        for view in admin._views:
            if view.endpoint == "admin":
                continue
            base = f"/admin/{view.endpoint}/" if view.url is None else view.url.rstrip("/") + "/"
            urls.append(base)
            if not isinstance(view, BaseModelView):
                continue
            if getattr(view, "can_create", False):
                urls.append(base + "new/")
            row = None
            try:
                query = view.get_query()
                row = query.first() if hasattr(query, "first") else None
            except Exception:  # a view whose list needs request arguments
                row = None
            if row is not None:
                pk = view.get_pk_value(row)
                if getattr(view, "can_view_details", False):
                    urls.append(base + f"details/?id={pk}")
                if getattr(view, "can_edit", False):
                    urls.append(base + f"edit/?id={pk}")
    return urls


def follow_links(client, urls: list[str], limit: int = 400, read=None) -> dict:
    """Fetch the pages and the admin pages they link to (once each, up to `limit`).

    Each page maps to its HTML, or to `read(response)` when given ("" for a page not shown).
    """
    seen: dict[str, str] = {}
    shapes: set[tuple] = set()
    queue = list(urls)
    link = re.compile(r'href="(/admin/[^"#]*)"')
    while queue and len(seen) < limit:
        url = queue.pop(0).replace("&amp;", "&")
        path, _, query = url.partition("?")
        # One page per shape: the path with numbers blanked and the names of its arguments.
        shape = (re.sub(r"\d+", "N", path),
                 tuple(sorted(a.split("=")[0] for a in query.split("&") if a)))
        if shape in shapes and url not in urls:
            continue
        shapes.add(shape)
        if url in seen or any(x in url for x in ("/export/", "logout", "/delete", "/print",
                                                  "/download", ".pdf", ".xlsx", "letter.")):
            continue
        resp = client.get(url)
        if resp.status_code != 200 or not resp.mimetype.startswith("text/html"):
            seen[url] = ""
            continue
        html = resp.get_data(as_text=True)
        seen[url] = read(resp) if read else html
        for found in link.findall(html):
            if "/admin/" in found and found not in seen:
                queue.append(found)
    return seen


def english_in(texts) -> set[str]:
    """The Latin words outside the allow-list in some plain texts."""
    words = set()
    for text in texts:
        words.update(w for w in WORD.findall(str(text)) if w not in ALLOWED)
    return words


def pdf_urls(pages: dict[str, str]) -> list[str]:
    """The PDF links of the crawled pages, one per shape (the link with numbers blanked)."""
    out, shapes = [], set()
    for html in pages.values():
        for url in re.findall(r'href="(/[^"#]*(?:\.pdf|format=pdf)[^"#]*)"', html):
            url = url.replace("&amp;", "&")
            shape = re.sub(r"\d+", "N", url)
            if shape not in shapes:
                shapes.add(shape)
                out.append(url)
    return out


def pdf_text(data: bytes) -> str:
    """The text of a PDF as pdftotext reads it."""
    import subprocess

    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode("utf-8")


def export_urls(app) -> list[str]:
    """The CSV and XLSX export of every list view that exports."""
    admin = app.extensions["admin"][0]
    urls = []
    with app.test_request_context():
        for view in admin._views:
            if isinstance(view, BaseModelView) and getattr(view, "allow_export", False):
                base = f"/admin/{view.endpoint}/" if view.url is None else view.url.rstrip("/") + "/"
                urls += [base + f"export/{kind}/" for kind in view.export_types]
    return urls


def export_rows(url: str, data: bytes) -> list[list]:
    """The rows of an exported file, the header row first (XLSX cells keep their types)."""
    import csv
    import io

    if url.rstrip("/").endswith("csv"):
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
