"""Thought reports the contact approved, the pipeline across people, buttons that follow the state."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from actions.development.dates import add_months
from models import DevRecord, DevSubmission, Person
from tests import factories as f
from tests.web.dev_flow import As, add, m, person, ready_applicant
from tests.web.portal_flow import PASSWORD, applicant


@pytest.fixture
def branch(login, city):
    return As(login, "branch_admin")


def page(client, pid) -> str:
    return client.get(f"/admin/development/person/{pid}").get_data(as_text=True)


# --- 3. thought reports ------------------------------------------------------------------

def test_an_unapproved_thought_report_shows_as_waiting_and_is_never_printed(ctx, city, branch):
    p = f.make_person(ctx, city.branch_a1a, name="汇报人", stage="activist", activist_on=m(-5))
    ctx.add_all([
        DevRecord(person_id=p.id, kind="thought_report", on_date=m(-3), status="approved",
                  title="第一季度", content="已审核的汇报"),
        DevRecord(person_id=p.id, kind="thought_report", on_date=m(-1), status="submitted",
                  title="第二季度", content="尚未审核的汇报"),
        DevRecord(person_id=p.id, kind="thought_report", on_date=m(-6), status="submitted",
                  title="申请阶段", content="成为积极分子前的汇报")])
    ctx.commit()

    html = page(branch, p.id)
    register = branch.get(f"/admin/development/person/{p.id}/print/register").get_data(as_text=True)
    record = branch.get(f"/admin/development/person/{p.id}/print/record").get_data(as_text=True)

    assert html.count("待培养联系人审核") == 2  # the count note and the one waiting report
    assert "思想汇报2份（另有1份待培养联系人审核）" in html
    assert "已审核的汇报" in register and "成为积极分子前的汇报" in register
    assert "尚未审核的汇报" not in register and "尚未审核的汇报" not in record


# --- 4. editing details -------------------------------------------------------------------

def test_the_branch_edits_an_applicants_job_but_not_the_id_number(ctx, city, branch):
    p = f.make_person(ctx, city.branch_a1a, name="改岗位", stage="applicant", job="旧岗位")
    number = p.id_number

    form = branch.get(f"/admin/dev_applicant/edit/?id={p.id}").get_data(as_text=True)
    resp = branch.post(f"/admin/dev_applicant/edit/?id={p.id}", data={
        "name": "改岗位", "ethnicity": "01", "job": "新岗位", "id_number": "110101199003077777"})

    assert '<label for="job"' in form and 'name="id_number"' not in form
    assert resp.status_code == 302
    q = person(ctx, p.id)
    assert (q.job, q.id_number, q.stage) == ("新岗位", number, "applicant")


# --- 6. the pipeline --------------------------------------------------------------------

def _applicant_due(ctx, city, branch, name, talked: bool):
    p = f.make_person(ctx, city.branch_a1a, name=name, stage="applicant")
    rec = add(branch, ctx, p.id, "application", on_date=m(0, -20))
    branch.post(f"/admin/development/record/{rec.id}/review", data={"decision": "approve"})
    if talked:
        add(branch, ctx, p.id, "talk", on_date=m(0, -10), host="王书记")
    return p


def test_the_stage_list_shows_step_lights_and_deadline_and_filters_by_them(ctx, city, branch):
    due = _applicant_due(ctx, city, branch, "待谈话", talked=False)
    _applicant_due(ctx, city, branch, "已谈话", talked=True)
    young = f.make_person(ctx, city.branch_a1a, name="未成年", stage="applicant",
                          birth_date=m(-12 * 17))
    add(branch, ctx, young.id, "application", on_date=m(0, -5))

    whole = branch.get("/admin/dev_applicant/").get_data(as_text=True)
    soon = branch.get("/admin/dev_applicant/?pipeline=due30").get_data(as_text=True)
    lit = branch.get("/admin/dev_applicant/?pipeline=lit").get_data(as_text=True)
    ordered = branch.get("/admin/dev_applicant/?order=deadline").get_data(as_text=True)

    assert f"谈话截止 {add_months(m(0, -20), 1)}" in whole
    assert "2. 党组织派人谈话" in whole and "当前环节" in whole
    assert "待谈话" in soon and "已谈话" not in soon
    assert "未成年" in lit and "已谈话" not in lit
    names = [n for n in re.findall(r'class="dev-link">([^<]+)<', ordered)]
    assert names.index("待谈话") < names.index("已谈话")
    assert due.id


def test_the_branch_home_page_lists_deadlines_due_within_30_days(ctx, city, branch):
    _applicant_due(ctx, city, branch, "待谈话", talked=False)
    _applicant_due(ctx, city, branch, "已谈话", talked=True)

    home = branch.get("/admin/").get_data(as_text=True)

    assert f"发展党员期限：待谈话 谈话截止 {add_months(m(0, -20), 1)}" in home
    assert "发展党员期限：已谈话" not in home


# --- 7. buttons follow the state -----------------------------------------------------------

def test_approval_is_not_offered_before_the_prereview_has_passed(ctx, city, branch):
    p = f.make_person(ctx, city.branch_a1a, name="待预审", stage="target", target_on=m(-3))
    ctx.add_all([DevRecord(person_id=p.id, kind="committee_review", on_date=m(-2), result="同意"),
                 DevSubmission(person_id=p.id, kind="prereview", org_id=p.org_id,
                               status="pending")])
    ctx.commit()

    html = page(branch, p.id)

    assert 'data-kind="approval" data-warnings' not in html
    assert re.search(r'submit-blocked" data-kind="approval">报党委审批：须先通过党委预审（《细则》第十九条）', html)
    assert 'data-kind="prereview" data-warnings' not in html  # already waiting


def test_an_ended_applicant_reads_why_in_the_portal_and_can_submit_nothing(app, ctx, city, login):
    branch = As(login, "branch_admin")
    portal = applicant(app, branch, city.branch_a1a.id)
    ctx.expire_all()
    p = ctx.execute(select(Person).where(Person.name == "李申请")).scalar_one()
    assert "提交思想汇报" in portal.get("/portal/").get_data(as_text=True)

    branch.post(f"/admin/development/person/{p.id}/end", data={"reason": "本人申请退出"})

    home = portal.get("/portal/").get_data(as_text=True)
    assert "入党发展流程已终止" in home and "本人申请退出" in home
    assert "new-doc" not in home
    fresh = app.test_client()
    fresh.fetch_csrf("/portal/login")
    resp = fresh.post("/portal/login", data={"id_number": p.id_number, "password": PASSWORD})
    assert resp.status_code == 302
    assert "本人申请退出" in fresh.get("/portal/").get_data(as_text=True)


def test_ending_development_needs_a_reason(ctx, city, branch):
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a)

    branch.post(f"/admin/development/person/{p.id}/end", data={"reason": " "})

    assert person(ctx, p.id).status == "normal"
