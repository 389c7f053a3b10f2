"""Applicants' documents in the portal, the branch's review, and separation from the admin."""
from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from actions import clock
from models import DevAttachment, DevRecord, Person
from tests.web.dev_flow import PDF, As
from tests.web.portal_flow import applicant


def _letter(ctx, name="李申请"):
    ctx.expire_all()
    return ctx.execute(select(DevRecord).join(Person, DevRecord.person_id == Person.id)
                       .where(Person.name == name, DevRecord.kind == "application")).scalar_one()


def test_letter_submitted_in_portal_shows_on_admin_page_with_applicant_as_author(
        app, ctx, city, login):
    admin = As(login, "branch_admin")
    portal = applicant(app, admin, city.branch_a1a.id)

    resp = portal.post("/portal/doc/new/application", data={"title": "入党申请书",
                                                            "content": "我志愿加入中国共产党"})

    assert resp.status_code == 302
    letter = _letter(ctx)
    assert (letter.status, letter.author_id) == ("submitted", None)
    page = admin.get(f"/admin/development/person/{letter.person_id}").get_data(as_text=True)
    assert "李申请（门户提交）" in page and "我志愿加入中国共产党" in page and "待审核" in page


def test_letter_can_be_an_upload_checked_by_content(app, ctx, city, login):
    portal = applicant(app, As(login, "branch_admin"), city.branch_a1a.id)

    bad = portal.post("/portal/doc/new/application", content_type="multipart/form-data",
                      data={"file": (io.BytesIO(b"MZ\x90\x00evil"), "letter.pdf")})
    good = portal.post("/portal/doc/new/application", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(PDF), "letter.pdf")})

    assert "只能上传PDF" in bad.get_data(as_text=True)
    assert good.status_code == 302
    letter = _letter(ctx)
    assert [a.filename for a in ctx.execute(select(DevAttachment)).scalars()] == ["letter.pdf"]
    assert letter.content is None


def test_empty_letter_is_refused_and_nothing_is_written(app, ctx, city, login):
    portal = applicant(app, As(login, "branch_admin"), city.branch_a1a.id)

    resp = portal.post("/portal/doc/new/application", data={"content": "  "})

    assert "请填写内容或上传文件" in resp.get_data(as_text=True)
    assert ctx.scalar(select(DevRecord.id)) is None


def test_returned_letter_shows_reason_and_can_be_revised_and_resubmitted(app, ctx, city, login):
    admin = As(login, "branch_admin")
    portal = applicant(app, admin, city.branch_a1a.id)
    portal.post("/portal/doc/new/application", data={"content": "初稿"})
    letter = _letter(ctx)
    admin.post(f"/admin/development/record/{letter.id}/review",
               data={"decision": "return", "reason": "请写明入党动机"})

    home = portal.get("/portal/").get_data(as_text=True)
    resp = portal.post(f"/portal/doc/{letter.id}/revise", data={"content": "修改稿：入党动机"})

    assert "已退回" in home and "请写明入党动机" in home
    assert resp.status_code == 302
    letter = _letter(ctx)
    assert (letter.status, letter.content) == ("submitted", "修改稿：入党动机")


def test_a_letter_under_review_cannot_be_revised_or_submitted_twice(app, ctx, city, login):
    portal = applicant(app, As(login, "branch_admin"), city.branch_a1a.id)
    portal.post("/portal/doc/new/application", data={"content": "初稿"})
    letter = _letter(ctx)

    revise = portal.post(f"/portal/doc/{letter.id}/revise", data={"content": "改"})
    again = portal.post("/portal/doc/new/application", data={"content": "二稿"})

    assert "只有被退回的材料" in revise.get_data(as_text=True)
    assert "已提交" in again.get_data(as_text=True)
    assert _letter(ctx).content == "初稿"


def test_approved_letter_sets_the_application_date(app, ctx, city, login):
    admin = As(login, "branch_admin")
    portal = applicant(app, admin, city.branch_a1a.id)
    portal.post("/portal/doc/new/application", data={"content": "申请"})

    admin.post(f"/admin/development/record/{_letter(ctx).id}/review", data={"decision": "approve"})

    letter = _letter(ctx)
    assert letter.status == "approved" and letter.person.applied_on == clock.today()
    assert "审核通过" in portal.get("/portal/").get_data(as_text=True)


def test_portal_shows_no_other_applicant_data(app, ctx, city, login):
    admin = As(login, "branch_admin")
    first = applicant(app, admin, city.branch_a1a.id, name="甲申请")
    first.post("/portal/doc/new/application", data={"content": "甲的秘密申请书"})
    second = applicant(app, admin, city.branch_a1a.id, birth=date(1999, 2, 3), name="乙申请")
    other = _letter(ctx, "甲申请")

    home = second.get("/portal/").get_data(as_text=True)
    revise = second.get(f"/portal/doc/{other.id}/revise")
    post = second.post(f"/portal/doc/{other.id}/revise", data={"content": "篡改"})
    person = second.get(f"/portal/person/{other.person_id}")

    assert "甲的秘密申请书" not in home and "甲申请" not in home
    assert (revise.status_code, post.status_code, person.status_code) == (404, 404, 404)
    assert _letter(ctx, "甲申请").content == "甲的秘密申请书"


@pytest.mark.parametrize("url", ["/admin/", "/admin/dev_applicant/", "/admin/activation_code/",
                                 "/admin/development/person/1"])
def test_portal_session_cannot_reach_admin_pages(app, ctx, city, login, url):
    portal = applicant(app, As(login, "branch_admin"), city.branch_a1a.id)

    resp = portal.get(url)

    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_admin_session_is_not_a_portal_session(app, ctx, city, login):
    admin = As(login, "branch_admin")

    resp = admin.get("/portal/")

    assert resp.status_code == 302 and resp.headers["Location"].endswith("/portal/login")


def test_portal_login_ends_an_admin_session_in_the_same_browser(app, ctx, city, login):
    admin = As(login, "branch_admin")
    applicant(app, admin, city.branch_a1a.id)
    client = admin.client
    client.fetch_csrf("/portal/login")

    resp = client.post("/portal/login", data={"id_number": _letter_person_number(ctx),
                                              "password": "abc12345"})

    assert resp.status_code == 302
    assert client.get("/admin/").status_code == 302


def _letter_person_number(ctx):
    return ctx.execute(select(Person.id_number).where(Person.name == "李申请")).scalar_one()


def test_portal_post_without_csrf_is_refused(app, ctx, city, login):
    portal = applicant(app, As(login, "branch_admin"), city.branch_a1a.id)

    resp = portal.post("/portal/doc/new/application", csrf=False, data={"content": "x"})

    assert resp.status_code == 400
    assert ctx.scalar(select(DevRecord.id)) is None


def test_wrong_portal_password_gets_a_neutral_message(app, ctx, city, login):
    applicant(app, As(login, "branch_admin"), city.branch_a1a.id)
    client = app.test_client()
    client.fetch_csrf("/portal/login")

    wrong = client.post("/portal/login", data={"id_number": _letter_person_number(ctx),
                                               "password": "nope12345"})
    unknown = client.post("/portal/login", data={"id_number": "110101199003077777",
                                                 "password": "nope12345"})

    assert "身份证号码或密码错误" in wrong.get_data(as_text=True)
    assert "身份证号码或密码错误" in unknown.get_data(as_text=True)


def test_letter_button_is_hidden_once_a_letter_is_under_review(app, ctx, city, login):
    portal = applicant(app, As(login, "branch_admin"), city.branch_a1a.id)
    before = portal.get("/portal/").get_data(as_text=True)

    portal.post("/portal/doc/new/application", data={"content": "申请"})

    after = portal.get("/portal/").get_data(as_text=True)
    assert 'data-kind="application" href' in before
    assert 'data-kind="application" href' not in after
    assert 'data-kind="thought_report" href' in after


def test_a_password_reset_ends_sessions_opened_with_the_old_password(app, ctx, city, login):
    from tests.web.portal_flow import activate, generate, portal_client

    admin = As(login, "branch_admin")
    portal = applicant(app, admin, city.branch_a1a.id)
    person = ctx.execute(select(Person).where(Person.name == "李申请")).scalar_one()
    code = generate(admin, city.branch_a1a.id, member=person.id_number)

    activate(portal_client(app), code, person.id_number)

    assert portal.get("/portal/").headers["Location"].endswith("/portal/login")


def test_portal_write_is_audited_in_the_person_name(app, ctx, city, login):
    from models import AuditLog

    portal = applicant(app, As(login, "branch_admin"), city.branch_a1a.id)

    portal.post("/portal/doc/new/application", data={"content": "申请"})

    entry = ctx.execute(select(AuditLog).where(AuditLog.object_type == "dev_record")).scalar_one()
    assert entry.username == "门户：李申请" and entry.user_id is None
    assert entry.org_path == city.branch_a1a.path
