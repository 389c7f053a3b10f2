"""Every page of every registered view as the city user sees it: Chinese only, all labelled.

The demo city is seeded so that lists, details pages, edit forms and the views' own forms
(transfers, ID change, organisation changes, secretary …) all have rows to show; the crawl
follows the admin links of each page once per page shape.
"""
from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from models import Organization, Person, Transfer, db
from tests.web.chinese_crawl import (
    english_in,
    export_rows,
    export_urls,
    follow_links,
    pdf_text,
    pdf_urls,
    read,
    view_urls,
)


@pytest.fixture(scope="module")
def city_crawl(app):
    """The city user's pages, the PDFs they link to and every list view's exports."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed-demo", "--members", "1500"])
        assert result.exit_code == 0, result.output
        person = db.session.execute(select(Person.id).where(
            Person.status == "normal", Person.stage == "full",
            Person.management == "direct").limit(1)).scalar()
        transfer = db.session.execute(select(Transfer.id).limit(1)).scalar()
        branch = db.session.execute(select(Organization.id).where(
            Organization.kind == "branch").limit(1)).scalar()
        client = app.test_client()
        client.fetch_csrf("/login")
        assert client.post("/login", data={"username": "demo_city", "password": "demo12345"}
                           ).status_code == 302
        urls = view_urls(app, client, db.session, [person, transfer, branch])
        pages = {url: html for url, html in follow_links(client, urls, limit=1500).items() if html}
        pdfs = {url: client.get(url) for url in pdf_urls(pages)}
        exports = {url: client.get(url) for url in export_urls(app)}
        db.session.remove()
    return SimpleNamespace(pages=pages, pdfs=pdfs, exports=exports)


@pytest.fixture(scope="module")
def city_pages(city_crawl):
    return city_crawl.pages


def test_no_page_of_any_view_shows_or_reads_out_english(city_pages):
    found = {}
    for url, html in city_pages.items():
        words = read(html).english()
        if words:
            found[url] = sorted(words)

    assert len(city_pages) > 200
    assert found == {}


def test_every_form_control_of_every_view_has_a_label(city_pages):
    found = {}
    for url, html in city_pages.items():
        missing = read(html).unlabelled()
        if missing:
            found[url] = missing

    assert found == {}


def error_pages(app, client, portal: bool = False) -> dict[int, str]:
    """Each error page a user can meet, as this client meets it."""
    home = "/portal/" if portal else "/admin/"
    too_big = "a" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    responses = {
        404: client.get(home + "no-such-page/"),
        403: client.get("/admin/user/"),
        405: client.open("/login", method="PUT"),
        413: client.post("/login", data={"username": too_big}),
        400: client.post("/login", data={"username": "x"}, csrf=False),
    }
    pages = {code: resp.get_data(as_text=True) for code, resp in responses.items()
             if resp.status_code == code}
    with app.test_request_context(home):  # an unexpected exception in a page there
        resp = app.make_response(app.handle_exception(RuntimeError("测试用的内部错误")))
        pages[500] = resp.get_data(as_text=True)
    return pages


def test_every_error_page_is_chinese_and_leads_back_to_the_admin_home(app, city, login,
                                                                      monkeypatch):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)

    pages = error_pages(app, login("branch_viewer"))

    assert sorted(pages) == [400, 403, 404, 405, 413, 500]
    assert {code: read(html).english() for code, html in pages.items()} == {
        code: set() for code in pages}
    assert "安全校验未通过，请刷新页面后重试" in pages[400] and "系统内部错误" in pages[500]
    assert all('href="/admin/" class="btn btn-primary" id="error-home"' in html
               for html in pages.values())


def test_the_error_pages_of_a_portal_member_lead_back_to_the_portal(app, city, login,
                                                                    monkeypatch):
    from tests.web.portal_flow import applicant

    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    member = applicant(app, login("branch_admin"), city.branch_a1a.id)

    pages = error_pages(app, member, portal=True)

    assert sorted(pages) == [400, 404, 405, 413, 500]  # the admin's pages send him to log in
    assert {code: read(html).english() for code, html in pages.items()} == {
        code: set() for code in pages}
    assert all('href="/portal/" class="btn btn-primary" id="error-home"' in html
               for html in pages.values())


def test_the_crawl_sees_english_and_unlabelled_controls_when_they_are_there():
    page = read('<p>保存 Save</p><span title="active: true"></span>'
                '<div style="display: none">hidden text</div><label for="a">甲</label>'
                '<input id="a" name="a"><input name="b"><label>丙<input name="c"></label>')

    assert page.english() == {"Save", "active", "true"}
    assert page.unlabelled() == ["<input name='b' id=None>"]


def test_no_pdf_a_page_links_to_prints_english(city_crawl):
    found, texts = {}, {}
    for url, resp in city_crawl.pdfs.items():
        assert resp.status_code == 200 and resp.mimetype == "application/pdf", url
        texts[url] = pdf_text(resp.data)
        words = english_in(texts[url].split("\n"))
        if words:
            found[url] = sorted(words)

    assert any("/letter.pdf" in url for url in texts)
    assert any("/print/register" in url for url in texts)
    assert any("/print/record" in url for url in texts)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in texts.values())
    assert found == {}


def test_no_export_of_any_list_has_english_headers_raw_codes_or_microseconds(city_crawl):
    found = {}
    for url, resp in city_crawl.exports.items():
        assert resp.status_code == 200, url
        rows = export_rows(url, resp.data)
        assert rows and all(rows[0]), url  # a header row, every column named
        words = english_in(cell for row in rows for cell in row if isinstance(cell, str))
        micro = [c for row in rows for c in row if isinstance(c, datetime) and c.microsecond]
        if words or micro:
            found[url] = sorted(words) + [str(c) for c in micro[:1]]

    assert len(city_crawl.exports) > 40
    assert found == {}
