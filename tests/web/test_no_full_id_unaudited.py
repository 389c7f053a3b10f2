"""No page shows a viewer a full ID number; a page showing an operator one logs each reveal.

Every page of every registered view is crawled on the demo city, once as a city viewer and once
as a city operator. Full numbers are found by actions.privacy.ID_PATTERN (masked ones carry
asterisks); for the operator each page that shows some is fetched again and must have written
exactly one reveal entry for each person whose number it shows, and none for anyone else.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from actions import clock
from actions.privacy import ID_PATTERN, mask_id
from models import AuditLog, Organization, Person, Transfer, db
from tests import factories as f
from tests.web.chinese_crawl import follow_links, view_urls


def _client(app, username):
    client = app.test_client()
    client.fetch_csrf("/login")
    assert client.post("/login", data={"username": username, "password": f.PASSWORD}
                       ).status_code == 302
    client.fetch_csrf("/admin/")
    return client


def _shown(html: str, numbers: dict[str, int]) -> set[int]:
    """Ids of the people whose full ID number the page shows (anywhere in its HTML)."""
    return {numbers[m.group(0).upper()] for m in ID_PATTERN.finditer(html)
            if m.group(0).upper() in numbers}


def _reveals(username: str) -> list[int]:
    db.session.expire_all()
    return list(db.session.execute(select(AuditLog.person_id).where(
        AuditLog.action == "reveal", AuditLog.username == username)
        .order_by(AuditLog.id)).scalars())


@pytest.fixture(scope="module")
def crawl(app):
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed-demo", "--members", "400"])
        assert result.exit_code == 0, result.output
        root = db.session.execute(select(Organization).where(
            Organization.parent_id.is_(None))).scalars().first()
        f.make_user(db.session, root, "city_viewer", "viewer")
        f.make_user(db.session, root, "city_operator", "operator")
        numbers = dict(db.session.execute(select(Person.id_number, Person.id)).all())
        ids = [db.session.execute(select(Person.id).where(
                   Person.status == "normal", Person.stage == "full").limit(1)).scalar(),
               db.session.execute(select(Transfer.id).limit(1)).scalar(),
               db.session.execute(select(Organization.id).where(
                   Organization.kind == "branch").limit(1)).scalar()]
        out = {}
        for username in ("city_viewer", "city_operator"):
            client = _client(app, username)
            pages = follow_links(client, view_urls(app, client, db.session, ids), limit=1500)
            shown = {url: _shown(html, numbers) for url, html in pages.items() if html}
            unaudited = {}
            for url in [u for u, people in shown.items() if people]:
                before = len(_reveals(username))
                html = client.get(url).get_data(as_text=True)
                logged = _reveals(username)[before:]
                if sorted(logged) != sorted(_shown(html, numbers)):
                    unaudited[url] = (sorted(_shown(html, numbers)), logged)
            out[username] = {"pages": len(shown), "shown": {u: p for u, p in shown.items() if p},
                             "unaudited": unaudited}
        db.session.remove()
    return out


def test_no_page_of_any_view_shows_a_viewer_a_full_id_number(crawl):
    viewer = crawl["city_viewer"]

    assert viewer["pages"] > 150
    assert viewer["shown"] == {}


def test_every_page_showing_an_operator_full_numbers_logs_one_reveal_per_person(crawl):
    operator = crawl["city_operator"]

    assert operator["pages"] > 150
    assert operator["shown"], "the operator's details pages show full numbers"
    assert operator["unaudited"] == {}


# --- pages the crawl does not open: printed documents, PDFs, the 信息查询 person card ---------

def _text(resp) -> str:
    if resp.mimetype == "application/pdf":
        import io

        from pypdf import PdfReader

        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(resp.data)).pages)
    return resp.get_data(as_text=True)


def _documents(ctx, city):
    p = f.make_person(ctx, city.branch_a1a, name="打印脱敏", stage="activist",
                      activist_on=clock.today() - timedelta(days=400),
                      applied_on=clock.today() - timedelta(days=500))
    t = f.make_transfer(ctx, p, city.branch_b1)
    return p, [f"/admin/development/person/{p.id}/print/register",
               f"/admin/development/person/{p.id}/print/register?format=pdf",
               f"/admin/development/person/{p.id}/print/record",
               f"/admin/transfer_desk/letter/?id={t.id}",
               f"/admin/transfer_desk/letter.pdf?id={t.id}",
               f"/admin/person_query/person/{p.id}/"]


def test_printed_documents_letters_and_the_person_card_show_a_viewer_the_masked_number(
        ctx, city, login):
    p, urls = _documents(ctx, city)
    client = login("branch_viewer")

    pages = {url: client.get(url) for url in urls}

    opened = {url: r.status_code for url, r in pages.items() if r.status_code == 200}
    assert {u for u in opened if "print/register" in u or "person_query" in u}
    for url, resp in pages.items():
        assert p.id_number not in _text(resp), url
    assert _reveals("branch_viewer") == []


def test_printed_documents_letters_and_the_person_card_log_each_full_reveal_once(
        ctx, city, login):
    p, urls = _documents(ctx, city)
    client = login("branch_operator")

    for url in urls:
        before = len(_reveals("branch_operator"))
        resp = client.get(url)

        assert resp.status_code == 200, url
        carries = p.id_number in _text(resp).replace(" ", "")
        assert carries == ("print/record" not in url), url  # the record names no ID number
        assert _reveals("branch_operator")[before:] == ([p.id] if carries else []), url


def test_the_person_picker_and_its_chosen_value_name_people_with_masked_numbers(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1a, name="选择脱敏")
    client = login("branch_operator")

    found = client.get("/admin/activity_record/ajax/lookup/",
                       query_string={"name": "person", "query": "选择脱敏"}).get_json()
    form = client.post("/admin/activity_record/new/", data={"person": str(p.id)}).get_data(
        as_text=True)

    assert found == [[p.id, f"选择脱敏（{mask_id(p.id_number)}）"]]
    assert mask_id(p.id_number) in form and p.id_number not in form
