"""Every page of every registered view as the city user sees it: Chinese only, all labelled.

The demo city is seeded so that lists, details pages, edit forms and the views' own forms
(transfers, ID change, organisation changes, secretary …) all have rows to show; the crawl
follows the admin links of each page once per page shape.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Organization, Person, Transfer, db
from tests.web.chinese_crawl import follow_links, read, view_urls


@pytest.fixture(scope="module")
def city_pages(app):
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
        pages = follow_links(client, urls, limit=1500)
        db.session.remove()
    return {url: html for url, html in pages.items() if html}


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


def test_the_crawl_sees_english_and_unlabelled_controls_when_they_are_there():
    page = read('<p>保存 Save</p><span title="active: true"></span>'
                '<div style="display: none">hidden text</div><label for="a">甲</label>'
                '<input id="a" name="a"><input name="b"><label>丙<input name="c"></label>')

    assert page.english() == {"Save", "active", "true"}
    assert page.unlabelled() == ["<input name='b' id=None>"]
