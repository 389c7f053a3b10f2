"""Submissions show the warnings, need a 情况说明 to go on despite them, and lock the stage."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from actions.members.dues import MONEY_HELP
from models import DevRecord, DevSubmission
from tests.web.dev_flow import As, m, person, ready_applicant, submit


@pytest.fixture
def branch(login, city):
    return As(login, "branch_admin")


def count(session, model, **where):
    session.expire_all()
    stmt = select(func.count()).select_from(model)
    for key, value in where.items():
        stmt = stmt.where(getattr(model, key) == value)
    return session.execute(stmt).scalar_one()


def test_submission_without_warnings_needs_no_explanation_and_locks_the_stage(ctx, city, branch):
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a)
    page = branch.get(f"/admin/development/person/{p.id}/submit/activist_filing")
    assert "无亮灯提示" in page.get_data(as_text=True)

    sub = submit(branch, ctx, p.id, "activist_filing")

    assert (sub.status, sub.warnings, sub.explanation) == ("pending", "[]", None)
    before = count(ctx, DevRecord, person_id=p.id)
    talk = ctx.execute(select(DevRecord).where(DevRecord.person_id == p.id,
                                               DevRecord.kind == "talk")).scalar_one()
    refused_new = branch.post(f"/admin/development/person/{p.id}/record/talk",
                              data={"on_date": m(-1).isoformat(), "host": "李"})
    refused_edit = branch.post(f"/admin/development/record/{talk.id}/edit",
                               data={"on_date": m(-1).isoformat(), "host": "篡改"})
    assert "记录已锁定" in refused_new.get_data(as_text=True)
    assert "记录已锁定" in refused_edit.get_data(as_text=True)
    assert count(ctx, DevRecord, person_id=p.id) == before
    ctx.expire_all()
    assert ctx.get(DevRecord, talk.id).host == "王书记"
    html = branch.get(f"/admin/development/person/{p.id}").get_data(as_text=True)
    assert "已报上级党委，记录已锁定" in html


def test_submission_with_warnings_requires_an_explanation_that_travels_with_it(ctx, city, branch,
                                                                              login):
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a, birth=m(-12 * 18 + 2))
    url = f"/admin/development/person/{p.id}/submit/activist_filing"

    page = branch.get(url).get_data(as_text=True)
    refused = branch.post(url, data={"explanation": "  "})
    assert "R01" in page and "申请时未满18周岁" in page and "第五条" in page
    assert "须填写情况说明" in refused.get_data(as_text=True)
    assert count(ctx, DevSubmission, person_id=p.id) == 0

    sub = submit(branch, ctx, p.id, "activist_filing", explanation="经核实出生日期登记有误")

    assert [w["rule"] for w in json.loads(sub.warnings)] == ["R01"]
    committee = As(login, "committee_admin")
    detail = committee.get(f"/admin/dev_queue/{sub.id}").get_data(as_text=True)
    assert "经核实出生日期登记有误" in detail and "申请时未满18周岁" in detail


def test_a_second_submission_of_the_same_stage_is_refused(ctx, city, branch):
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a)
    submit(branch, ctx, p.id, "activist_filing")

    again = branch.post(f"/admin/development/person/{p.id}/submit/activist_filing", data={},
                        follow_redirects=True)

    assert "已有报审等待上级党委处理" in again.get_data(as_text=True)
    assert count(ctx, DevSubmission, person_id=p.id) == 1


def test_submission_of_another_stage_is_refused(ctx, city, branch):
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a)

    resp = branch.post(f"/admin/development/person/{p.id}/submit/prereview", data={},
                       follow_redirects=True)

    assert "当前阶段不能报党委预审" in resp.get_data(as_text=True)
    assert count(ctx, DevSubmission, person_id=p.id) == 0
    assert person(ctx, p.id).stage == "applicant"


@pytest.mark.parametrize("dues, message", [
    ("", "请填写预备党员每月应缴党费金额"),
    ("abc", "请输入正确的金额：" + MONEY_HELP),
    ("-1", "金额不能为负数"),
    ("1e3", "请输入正确的金额：" + MONEY_HELP),
    ("100000.01", "每月应缴党费金额应在0至100000元之间"),
])
def test_approval_submission_asks_valid_monthly_dues(ctx, city, branch, dues, message):
    from actions.development import submissions
    from actions.development.settings import RuleSettings
    from actions.errors import RuleViolation
    from tests import factories as f

    p = f.make_person(ctx, city.branch_a1a, stage="target", joined_on=None, full_on=None)
    ctx.add(DevSubmission(person_id=p.id, kind="prereview", org_id=p.org_id, status="approved"))
    ctx.add(DevRecord(person_id=p.id, kind="branch_meeting", on_date=m(-1)))
    ctx.commit()

    with pytest.raises(RuleViolation) as err:
        submissions.submit(ctx, city.branch_admin, p, "approval", RuleSettings(),
                           explanation="说明", dues_monthly=dues)

    assert err.value.message == message and err.value.field == "dues_monthly"
    assert count(ctx, DevSubmission, person_id=p.id, kind="approval") == 0


@pytest.mark.parametrize("path", ["record/talk", "submit/activist_filing"])
def test_development_forms_reject_posts_without_the_csrf_token(ctx, city, branch, path):
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a)
    before = count(ctx, DevRecord, person_id=p.id)

    resp = branch.client.post(f"/admin/development/person/{p.id}/{path}", csrf=False,
                              data={"on_date": m(-1).isoformat(), "host": "王"})

    assert resp.status_code == 400
    assert count(ctx, DevRecord, person_id=p.id) == before
    assert count(ctx, DevSubmission, person_id=p.id) == 0


def test_branch_users_get_no_queue_reminder_and_committee_users_do(ctx, city, login):
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a)
    branch = As(login, "branch_admin")
    submit(branch, ctx, p.id, "activist_filing")

    branch_home = branch.get("/admin/").get_data(as_text=True)
    committee_home = As(login, "committee_admin").get("/admin/").get_data(as_text=True)

    assert "待审核的发展党员报审" not in branch_home
    assert "待审核的发展党员报审" in committee_home
