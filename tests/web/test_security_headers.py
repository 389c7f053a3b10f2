"""Security headers on every kind of response; Secure session cookie behind HTTPS.

The Content-Security-Policy allows no inline script: only this server's files and <script>
blocks carrying the response's nonce. A crawl of every page of every registered view (and the
login, password, print and portal pages) finds no inline event handler, no javascript: link
that would run code, and no inline <script> without the nonce of its own response.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from models import Organization, Person, Transfer, db
from tests.web import portal_flow
from tests.web.chinese_crawl import follow_links, view_urls

PAGES = ["/login", "/captcha.png", "/admin/", "/admin/direct_member/", "/portal/login",
         "/no-such-page", "/static/css/app.css"]
NONCE = re.compile(r"script-src 'self' 'nonce-([A-Za-z0-9_-]{16,})'(;|$)")
# Flask-Admin's own tabs and pagination links; static/js/page_events.js stops their navigation
# before the browser would run (and the policy refuse) the URL.
HARMLESS_JS_URL = "javascript:void(0)"
URL_ATTRS = ("href", "src", "action", "formaction", "data")


def script_nonce(resp) -> str:
    match = NONCE.search(resp.headers.get("Content-Security-Policy", ""))
    assert match, resp.headers.get("Content-Security-Policy")
    return match.group(1)


class InlineCode(HTMLParser):
    """Inline event handlers, javascript: URLs and inline scripts lacking the given nonce."""

    def __init__(self, nonce: str):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            elif (name in URL_ATTRS and (value or "").strip().lower().startswith("javascript:")
                  and value.strip() != HARMLESS_JS_URL):
                self.found.append(f"<{tag} {name}={value!r}>")
        a = dict(attrs)
        if tag == "script" and not a.get("src") and a.get("nonce") != self.nonce:
            self.found.append(f"<script nonce={a.get('nonce')!r}> without src")

    handle_startendtag = handle_starttag


def inline_code(html: str, nonce: str) -> list[str]:
    parser = InlineCode(nonce)
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("url", PAGES)
def test_every_response_carries_the_security_headers(city, login, url):
    client = login("branch_admin")

    resp = client.get(url)

    csp = resp.headers.get("Content-Security-Policy", "")
    for part in ("frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'",
                 "default-src 'self'", "form-action 'self'"):
        assert part in csp, (url, csp)
    script_src = next(p for p in csp.split("; ") if p.startswith("script-src"))
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert script_nonce(resp)
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "same-origin"


def test_each_response_has_a_fresh_nonce_and_its_scripts_carry_it(city, login):
    client = login("branch_admin")

    first, second = client.get("/admin/"), client.get("/admin/")

    assert script_nonce(first) != script_nonce(second)
    html = second.get_data(as_text=True)
    assert f'nonce="{script_nonce(second)}"' in html  # Flask-Admin's script tags
    assert f'nonce="{script_nonce(first)}"' not in html
    assert "page_events.js" in html


def test_a_page_context_processor_gives_templates_the_same_nonce(app):
    with app.test_request_context("/"):
        from flask import render_template_string

        from admin_app import headers

        assert render_template_string("{{ csp_nonce() }}") == headers.csp_nonce()
        resp = headers.add_headers(app.response_class("x"))
        assert script_nonce(resp) == headers.csp_nonce()


def test_own_stricter_policies_of_downloads_are_kept(app):
    with app.test_request_context("/"):
        from admin_app import headers

        resp = app.response_class("x")
        resp.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'"
        headers.add_headers(resp)
        assert resp.headers["Content-Security-Policy"] == "default-src 'none'; img-src 'self'"


def test_the_crawl_sees_inline_code_when_it_is_there():
    html = ('<a href="javascript:alert(1)">a</a><button onclick="x()">b</button>'
            '<a href="javascript:void(0)">c</a><form onsubmit="return false"></form>'
            '<script>1</script><script nonce="abc">2</script><script nonce="n">3</script>'
            '<script src="/static/js/x.js"></script><img src=x ONERROR="y()">')

    assert inline_code(html, "n") == [
        "<a href='javascript:alert(1)'>", "<button onclick='x()'>",
        "<form onsubmit='return false'>", "<script nonce=None> without src",
        "<script nonce='abc'> without src", "<img onerror='y()'>"]


@pytest.fixture(scope="module")
def city_pages(app):
    """Every page of every view as the city user sees it, with each response's nonce."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed-demo", "--members", "300"])
        assert result.exit_code == 0, result.output
        person = db.session.execute(select(Person.id).where(
            Person.status == "normal", Person.management == "direct").limit(1)).scalar()
        candidate = db.session.execute(select(Person.id).where(
            Person.stage != "full").limit(1)).scalar()
        transfer = db.session.execute(select(Transfer.id).limit(1)).scalar()
        branch = db.session.execute(select(Organization.id).where(
            Organization.kind == "branch").limit(1)).scalar()
        client = app.test_client()
        client.fetch_csrf("/login")
        assert client.post("/login", data={"username": "demo_city", "password": "demo12345"}
                           ).status_code == 302
        urls = view_urls(app, client, db.session, [person, transfer, branch])

        def page(resp):
            return (resp.get_data(as_text=True), script_nonce(resp))

        found = {url: seen for url, seen in follow_links(client, urls, limit=1500,
                                                          read=page).items() if seen}
        extra = ["/password", "/admin/stat_table/print/", "/admin/stat_summary/print/",
                 f"/admin/transfer_desk/letter/?id={transfer}",
                 f"/admin/development/person/{candidate}/print/record",
                 f"/admin/development/person/{candidate}/print/register"]
        for url in extra:
            resp = client.get(url)
            if resp.status_code == 200 and resp.mimetype == "text/html":
                found[url] = page(resp)
        anonymous = app.test_client()
        for url in ("/login", "/portal/login", "/portal/activate"):
            resp = anonymous.get(url)
            found[url] = (resp.get_data(as_text=True), script_nonce(resp))
        db.session.remove()
    return found


def test_no_page_of_any_view_has_inline_script_without_the_nonce(city_pages):
    found = {}
    for url, (html, nonce) in city_pages.items():
        bad = inline_code(html, nonce)
        if bad:
            found[url] = sorted(set(bad))

    assert len(city_pages) > 200
    for url in ("/login", "/admin/stat_table/print/", "/admin/batch/", "/admin/orgtree/"):
        assert any(u.startswith(url) for u in city_pages), url
    assert found == {}


def test_portal_pages_have_no_inline_script(app, city, login):
    admin = login("branch_admin")
    client = portal_flow.applicant(app, admin, city.branch_a1a.id)

    for url in ("/portal/", "/portal/doc/new/application"):
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert inline_code(resp.get_data(as_text=True), script_nonce(resp)) == [], url
