"""A fixed set of hostile values sent to every query parameter and every form field of every
registered page (admin and portal): no 500, and no hostile character ever reaches the database.

Pages are found automatically from the URL map (like test_every_view_is_scoped), their forms
from the HTML they render, so a page added later is covered without a new test.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

from flask import url_for
from sqlalchemy import String, Text, inspect, select

from actions.security import hostile
from models import db
from tests import factories as f
from tests.web.test_every_view_is_scoped import fixed_values, model_views

HOSTILE = [
    "\x00",
    "张\x00三",
    "\x01\x02\x07\x08\x0b\x0c\x1b\x1f\x7f",
    "\ud800",  # lone surrogate (sent as its would-be UTF-8 bytes)
    "\udfff李",
    "王\u202e五\u202c",  # right-to-left override
    "\u2066赵\u2069",
    "1\u200b3800000000",  # zero-width space inside a phone number
    "\ufeff\u200d\u2060",
    "9" * 40,
    "-" + "9" * 25,
    "1e309",
    "99999999999.99",
    "x" * 5000,
]
# Query parameters get a subset: every control character is refused the same way (400).
IN_QUERY = ["\x00", "\ud800", "王\u202e五\u202c", "1\u200b3800000000", "9" * 40,
            "-" + "9" * 25, "1e309", "x" * 5000]
QUERY_PARAMS = ["search", "q", "term", "page", "page_size", "sort", "desc", "id", "url", "next",
                "flt0_0", "flt1_1", "name", "code", "year", "month", "org_id", "person_id",
                "kind", "stage", "status", "title", "export_type", "limit", "offset", "query"]
FIGURES: dict[str, int] = {}


def encode(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


class Forms(HTMLParser):
    """The forms of a page: (method, action, field names) and the page's GET field names."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (a.get("method") or "get").lower(),
                               "action": a.get("action") or "", "fields": []})
        elif tag in ("input", "select", "textarea") and self.forms and a.get("name"):
            if a.get("type") not in ("submit", "button", "file", "image", "reset") \
                    and a["name"] != "csrf_token":
                self.forms[-1]["fields"].append(a["name"])


def page_urls(app, ids: dict[str, int]) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint.endswith("static") \
                or rule.endpoint in ("auth.logout",):
            continue
        if not (rule.rule.startswith("/admin") or rule.rule.startswith("/portal")
                or rule.rule in ("/login", "/password")):
            continue
        url = rule.rule
        for arg in rule.arguments:
            conv = rule._converters.get(arg)
            value = ids.get(arg) or ids["person"] if type(conv).__name__ == "IntegerConverter" \
                else "csv" if "export" in rule.rule else "1"
            url = re.sub(rf"<(?:[a-z]+:)?{arg}>", str(value), url)
        urls.append(url)
    return sorted(set(urls))


def stored_hostile_text() -> list[tuple]:
    found = []
    for table in db.metadata.sorted_tables:
        cols = [c for c in table.columns if isinstance(c.type, (String, Text))]
        if not cols:
            continue
        for row in db.session.execute(select(*cols)).all():
            for col, value in zip(cols, row, strict=True):
                if isinstance(value, str) and not hostile.is_clean(value):
                    found.append((table.name, col.name, value[:40]))
    return found


def row_counts() -> dict[str, int]:
    return {t.name: db.session.execute(select(db.func.count()).select_from(t)).scalar_one()
            for t in db.metadata.sorted_tables}


def send(client, method, url, body=None):
    try:
        if method == "GET":
            return client.get(url).status_code
        return client.post(url, data=body, content_type="application/x-www-form-urlencoded"
                           ).status_code
    except Exception as err:  # TESTING propagates exceptions: a 500 in production
        return f"500 {type(err).__name__}: {str(err)[:120]}"


def test_hostile_values_in_every_parameter_and_field_give_no_500_and_store_nothing_hostile(
        app, ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a)
    ids = {"person": person.id, "pid": person.id, "person_id": person.id,
           "org_id": city.branch_a1a.id, "oid": city.branch_a1a.id}
    rows = {}
    for view in model_views(app):
        try:
            row = f.build_in(ctx, view.model, city.branch_a1a, 1, **fixed_values(view))
            rows[view.endpoint] = inspect(row).identity[0]
        except Exception:
            ctx.rollback()
    ctx.commit()
    client = login("branch_admin")
    with app.test_request_context():
        urls = page_urls(app, ids)
        for view in model_views(app):
            if view.endpoint in rows:
                for name in ("edit_view", "details_view"):
                    urls.append(url_for(f"{view.endpoint}.{name}", id=rows[view.endpoint]))
    before = row_counts()

    failures, tried, forms_seen = [], 0, 0
    for url in urls:
        try:
            resp = client.get(url)
        except Exception as err:
            failures.append(("GET", url, "", f"500 {type(err).__name__}: {str(err)[:120]}"))
            continue
        parser = Forms()
        if resp.status_code == 200 and "html" in (resp.mimetype or ""):
            parser.feed(resp.get_data(as_text=True))
        get_fields = {n for form in parser.forms if form["method"] == "get" for n in form["fields"]}
        base = url.split("?")[0]
        for value in IN_QUERY:
            query = "&".join(f"{encode(p)}={encode(value)}"
                             for p in sorted(set(QUERY_PARAMS) | get_fields))
            status = send(client, "GET", f"{base}?{query}")
            tried += 1
            if not isinstance(status, int) or status >= 500:
                failures.append(("GET", base, repr(value[:12]), status))
        for form in parser.forms:
            if form["method"] != "post" or not form["fields"]:
                continue
            forms_seen += 1
            action = form["action"] or url
            if urlsplit(action).netloc or "logout" in action:
                continue
            for value in HOSTILE:
                body = "&".join([f"csrf_token={encode(client.csrf_token)}"] + [
                    f"{encode(n)}={encode(value)}" for n in form["fields"]])
                status = send(client, "POST", action.replace("&amp;", "&"), body)
                tried += 1
                if not isinstance(status, int) or status >= 500:
                    failures.append(("POST", action, repr(value[:12]), status))
        ctx.rollback()

    FIGURES.update(pages=len(urls), forms=forms_seen, requests=tried, failures=len(failures))
    print(f"\nhostile input: {len(urls)} pages, {forms_seen} forms, {tried} requests, "
          f"{len(HOSTILE)} values, {len(failures)} answered 500")
    assert failures == [], "\n".join(map(str, failures[:60]))
    ctx.expire_all()
    assert stored_hostile_text() == []
    after = row_counts()
    written = {t: after[t] - before[t] for t in after
               if after[t] != before[t]
               # security bookkeeping, not data: the log, issued captchas, failed activations
               and t not in ("audit_log", "captcha_challenge", "activation_attempt")}
    assert written == {}
