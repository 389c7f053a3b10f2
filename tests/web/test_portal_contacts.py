"""Cultivation contacts and introducers in the portal: only their people, reviews and opinions."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from actions import clock
from actions.development import records
from actions.users import hash_password
from models import DevRecord, PortalAccount
from tests import factories as f
from tests.web.dev_flow import As
from tests.web.portal_flow import PASSWORD, activate, generate, portal_client


def _login(app, person):
    client = app.test_client()
    client.fetch_csrf("/portal/login")
    resp = client.post("/portal/login", data={"id_number": person.id_number, "password": PASSWORD})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
    client.fetch_csrf("/portal/")
    return client


@pytest.fixture
def setup(app, ctx, city, login):
    """An activist with a portal account, a contact (member account) and an unassigned member."""
    s = type("S", (), {})()
    s.admin = As(login, "branch_admin")
    s.contact = f.make_person(ctx, city.branch_a1a, name="联系人甲", stage="full")
    s.stranger = f.make_person(ctx, city.branch_a1a, name="党员乙", stage="full",
                               birth_date=date(1981, 1, 1))
    s.activist = f.make_person(ctx, city.branch_a1a, name="积极分子丙", stage="activist",
                               birth_date=date(1999, 1, 1))
    records.create_record(ctx, city.branch_admin, s.activist, "contact",
                          {"on_date": clock.today(), "related_person_id": s.contact.id})
    ctx.add(PortalAccount(person_id=s.activist.id, role="applicant",
                          password_hash=hash_password(PASSWORD)))
    ctx.commit()
    for member in (s.contact, s.stranger):
        code = generate(s.admin, city.branch_a1a.id, member=member.id_number)
        assert activate(portal_client(app), code, member.id_number, member.name).status_code == 302
    s.applicant = _login(app, s.activist)
    s.applicant.post("/portal/doc/new/thought_report", data={"title": "第一季度思想汇报",
                                                             "content": "学习党章的体会"})
    s.report = ctx.execute(select(DevRecord).where(DevRecord.kind == "thought_report")).scalar_one()
    s.member = _login(app, s.contact)
    return s


def test_contact_sees_only_the_people_assigned_to_them(app, ctx, setup):
    home = setup.member.get("/portal/").get_data(as_text=True)
    stranger_home = _login(app, setup.stranger).get("/portal/").get_data(as_text=True)

    assert "积极分子丙" in home and "培养联系人" in home
    assert "积极分子丙" not in stranger_home
    assert _login(app, setup.stranger).get(f"/portal/person/{setup.activist.id}").status_code == 404


def test_contact_approves_a_thought_report_and_the_applicant_sees_it(app, ctx, setup):
    page = setup.member.get(f"/portal/person/{setup.activist.id}").get_data(as_text=True)

    setup.member.post(f"/portal/report/{setup.report.id}/review", data={"decision": "approve"})

    assert "学习党章的体会" in page
    ctx.expire_all()
    assert ctx.get(DevRecord, setup.report.id).status == "approved"
    assert "审核通过" in setup.applicant.get("/portal/").get_data(as_text=True)


def test_contact_returns_a_report_with_a_reason_and_the_applicant_revises_it(app, ctx, setup):
    no_reason = setup.member.post(f"/portal/report/{setup.report.id}/review",
                                  data={"decision": "return"}, follow_redirects=True)
    setup.member.post(f"/portal/report/{setup.report.id}/review",
                      data={"decision": "return", "reason": "内容过于简单"})
    home = setup.applicant.get("/portal/").get_data(as_text=True)
    setup.applicant.post(f"/portal/doc/{setup.report.id}/revise", data={"content": "详细体会"})

    assert "请填写退回原因" in no_reason.get_data(as_text=True)
    assert "内容过于简单" in home
    ctx.expire_all()
    assert ctx.get(DevRecord, setup.report.id).status == "submitted"


def test_unassigned_member_cannot_review_or_write_opinions(app, ctx, setup):
    stranger = _login(app, setup.stranger)

    review = stranger.post(f"/portal/report/{setup.report.id}/review", data={"decision": "approve"})
    opinion = stranger.post(f"/portal/person/{setup.activist.id}/opinion/education_opinion",
                            data={"content": "越权意见"})

    assert (review.status_code, opinion.status_code) == (404, 404)
    ctx.expire_all()
    assert ctx.get(DevRecord, setup.report.id).status == "submitted"
    assert ctx.scalar(select(DevRecord.id).where(DevRecord.kind == "education_opinion")) is None


def test_applicant_cannot_review_their_own_report(app, ctx, setup):
    resp = setup.applicant.post(f"/portal/report/{setup.report.id}/review",
                                data={"decision": "approve"})

    assert resp.status_code == 404
    ctx.expire_all()
    assert ctx.get(DevRecord, setup.report.id).status == "submitted"


@pytest.mark.parametrize("kind", ["education_opinion", "contact_opinion"])
def test_contact_opinions_show_on_the_branch_development_page(app, ctx, setup, kind):
    setup.member.post(f"/portal/person/{setup.activist.id}/opinion/{kind}",
                      data={"content": f"{kind}：表现良好"})
    setup.member.post(f"/portal/report/{setup.report.id}/review", data={"decision": "approve"})

    page = setup.admin.get(f"/admin/development/person/{setup.activist.id}").get_data(as_text=True)

    rec = ctx.execute(select(DevRecord).where(DevRecord.kind == kind)).scalar_one()
    assert rec.author_person_id == setup.contact.id
    assert f"{kind}：表现良好" in page and "联系人甲（门户提交）" in page
    assert "积极分子丙（门户提交）" in page and "审核通过" in page


def test_contact_cannot_write_an_introducer_opinion(app, ctx, setup):
    setup.member.post(f"/portal/person/{setup.activist.id}/opinion/introducer_opinion",
                      data={"content": "x"})

    assert ctx.scalar(select(DevRecord.id).where(DevRecord.kind == "introducer_opinion")) is None


def test_uploaded_report_is_readable_by_its_author_and_contact_only(app, ctx, setup):
    import io

    from models import DevAttachment
    from tests.web.dev_flow import PDF

    setup.applicant.post("/portal/doc/new/thought_report", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(PDF), "report.pdf")})
    att = ctx.execute(select(DevAttachment)).scalar_one()
    url = f"/portal/attachment/{att.id}"

    own, contact = setup.applicant.get(url), setup.member.get(url)
    stranger = _login(app, setup.stranger).get(url)

    assert own.data == PDF and contact.data == PDF
    assert own.headers["X-Content-Type-Options"] == "nosniff"
    assert stranger.status_code == 404


def test_a_member_who_was_an_applicant_sees_both_own_documents_and_assigned_people(
        app, ctx, setup):
    account = ctx.execute(select(PortalAccount).where(
        PortalAccount.person_id == setup.contact.id)).scalar_one()
    account.role = "applicant"  # opened before the person became a member
    ctx.commit()

    home = setup.member.get("/portal/").get_data(as_text=True)

    assert "积极分子丙" in home


def test_introducer_writes_the_opinion_on_conversion_but_cannot_review_reports(
        app, ctx, city, setup):
    probationer = f.make_person(ctx, city.branch_a1a, name="预备丁", stage="probationary",
                                birth_date=date(1996, 1, 1))
    records.create_record(ctx, city.branch_admin, probationer, "introducer",
                          {"on_date": clock.today(), "related_person_id": setup.stranger.id})
    report = DevRecord(person_id=probationer.id, kind="thought_report", on_date=clock.today(),
                       content="预备期汇报", status="submitted", author_person_id=probationer.id)
    ctx.add(report)
    ctx.commit()
    introducer = _login(app, setup.stranger)

    page = introducer.get(f"/portal/person/{probationer.id}").get_data(as_text=True)
    introducer.post(f"/portal/report/{report.id}/review", data={"decision": "approve"})
    introducer.post(f"/portal/person/{probationer.id}/opinion/introducer_opinion",
                    data={"content": "同意按期转正"})

    assert "预备期汇报" in page and "入党介绍人" in page and "review-form" not in page
    ctx.expire_all()
    assert ctx.get(DevRecord, report.id).status == "submitted"
    opinion = ctx.execute(select(DevRecord)
                          .where(DevRecord.kind == "introducer_opinion")).scalar_one()
    assert (opinion.author_person_id, opinion.content) == (setup.stranger.id, "同意按期转正")
