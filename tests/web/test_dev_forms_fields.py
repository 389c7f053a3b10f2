"""The development screens read their input through forms: a refusal sits at its field."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from actions.development.dates import add_months
from actions.security.hostile import REFUSED_FIELD
from models import ActivationCode, CalendarDay, DevRecord, DevRuleConfig, Person
from tests import factories as f
from tests.web.dev_flow import As, decide, m, ready_applicant, submit


def at_field(html: str, name: str, message: str) -> bool:
    """`message` is shown inside the form group of the control named `name`."""
    for found in re.finditer(rf'<(?:input|select|textarea)\b[^>]*\bname="{re.escape(name)}"', html):
        if message in html[found.start():found.start() + 700]:
            return True
    return False


def label_for(html: str, name: str) -> str | None:
    """The visible text of the label tied to the control named `name`."""
    control = re.search(rf'<(?:input|select|textarea)\b[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    ident = re.search(r'\bid="([^"]+)"', control.group(0)).group(1) if control else None
    label = re.search(rf'<label[^>]*\bfor="{re.escape(ident)}"[^>]*>(.*?)</label>', html, re.S) \
        if ident else None
    return re.sub(r"<[^>]+>", "", label.group(1)).strip() if label else None


def count(ctx, model, *where) -> int:
    ctx.expire_all()
    return ctx.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


@pytest.fixture
def branch(login, city):
    return As(login, "branch_admin")


@pytest.fixture
def activist(ctx, city):
    return f.make_person(ctx, city.branch_a1a, name="积极分子丙", stage="activist",
                         activist_on=m(-2))


def test_a_record_dated_after_today_is_refused_at_the_date_and_the_typed_values_stay(
        ctx, activist, branch):
    url = f"/admin/development/person/{activist.id}/record/talk"

    resp = branch.post(url, data={"on_date": "2999-01-01", "host": "王书记", "content": "谈心"})

    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert at_field(html, "on_date", "谈话日期不能晚于今天")
    assert 'value="王书记"' in html and "谈心</textarea>" in html
    assert (label_for(html, "on_date"), label_for(html, "host")) == ("谈话日期 *", "谈话人 *")
    assert count(ctx, DevRecord, DevRecord.person_id == activist.id) == 0


@pytest.mark.parametrize("data, name, message", [
    ({"on_date": "2024-02-30", "host": "王"}, "on_date", "谈话日期格式应为年-月-日"),
    ({"on_date": "2024-01-01", "host": ""}, "host", "请填写谈话人"),
    ({"on_date": "2024-01-01", "host": "王\u200b书记"}, "host", REFUSED_FIELD),
])
def test_a_record_form_refuses_bad_input_at_its_field(ctx, activist, branch, data, name, message):
    resp = branch.post(f"/admin/development/person/{activist.id}/record/talk", data=data)

    assert resp.status_code == 200 and at_field(resp.get_data(as_text=True), name, message)
    assert count(ctx, DevRecord, DevRecord.person_id == activist.id) == 0


def test_editing_a_record_shows_its_values_and_refuses_a_bad_count_at_the_field(
        ctx, city, branch):
    p = f.make_person(ctx, city.branch_a1a, name="预备丁", stage="probationary",
                      joined_on=m(-13))
    rec = DevRecord(person_id=p.id, kind="conversion_meeting", on_date=m(-1), expected=5,
                    present=5, votes_for=5, votes_against=0, votes_abstain=0, result="按期转正",
                    content="同意")
    ctx.add(rec)
    ctx.commit()
    url = f"/admin/development/record/{rec.id}/edit"

    shown = branch.get(url).get_data(as_text=True)
    refused = branch.post(url, data={
        "on_date": m(-1).isoformat(), "expected": "5", "present": "五", "votes_for": "5",
        "votes_against": "0", "votes_abstain": "0", "result": "按期转正", "content": "改了"})

    assert 'name="expected"' in shown and 'value="5"' in shown and "同意</textarea>" in shown
    assert refused.status_code == 200
    assert at_field(refused.get_data(as_text=True), "present", "实到会有表决权党员数应为整数")
    ctx.expire_all()
    assert ctx.get(DevRecord, rec.id).content == "同意"


def test_a_committee_decision_refused_by_the_rules_shows_at_its_field(ctx, city, login):
    branch, committee = As(login, "branch_admin"), As(login, "committee_admin")
    p = f.make_person(ctx, city.branch_a1a, name="预备戊", stage="probationary",
                      joined_on=m(-13), full_on=None)
    ctx.add_all([DevRecord(person_id=p.id, kind="branch_meeting", on_date=m(-13)),
                 DevRecord(person_id=p.id, kind="conversion_meeting", on_date=m(-1, 3),
                           expected=5, present=5, votes_for=5, result="按期转正")])
    ctx.commit()
    sub = submit(branch, ctx, p.id, "conversion", explanation="补录")

    resp = decide(committee, sub.id, outcome="extend", opinion="需继续考察", extension_months="3")

    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert at_field(html, "extension_months", "延长预备期应为6至12个月")
    assert 'id="outcome-extend" value="extend" checked' in html and "需继续考察</textarea>" in html
    ctx.expire_all()
    assert ctx.get(Person, p.id).stage == "probationary" and sub.status == "pending"


def test_a_stage_with_warnings_needs_the_explanation_at_its_field(ctx, city, branch):
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a, birth=m(-12 * 18 + 2))

    resp = branch.post(f"/admin/development/person/{p.id}/submit/activist_filing",
                       data={"explanation": ""})

    assert resp.status_code == 200
    assert at_field(resp.get_data(as_text=True), "explanation", "存在亮灯提示，继续报送须填写情况说明")
    assert label_for(resp.get_data(as_text=True), "explanation") == "情况说明 *"


def test_a_second_override_of_the_same_day_is_refused_at_the_day(ctx, city, login):
    admin = As(login, "city_admin")
    data = {"day": "2026-05-06", "kind": "holiday", "note": "本地放假通知"}
    assert admin.post("/admin/dev_rule_settings/day", data=data).status_code == 302

    resp = admin.post("/admin/dev_rule_settings/day", data={**data, "note": "再加一次"})

    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert at_field(html, "day", "2026-05-06已有调整，请先删除原调整")
    assert 'value="再加一次"' in html
    assert count(ctx, CalendarDay) == 1


def test_a_threshold_that_is_not_a_number_is_refused_at_its_field(ctx, city, login):
    resp = As(login, "city_admin").post("/admin/dev_rule_settings/", data={
        "notice_working_days": "五", "inspection_months": "6"})

    html = resp.get_data(as_text=True)
    assert at_field(html, "notice_working_days", "公示工作日数应为整数")
    assert label_for(html, "notice_working_days") == "公示工作日数（1–30）"
    assert count(ctx, DevRuleConfig) == 0


def test_a_conversion_before_the_end_of_probation_is_refused_at_the_date(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="预备己", stage="probationary",
                      joined_on=m(-14), target_on=None)
    end = add_months(p.joined_on, 12)

    resp = login("sibling_admin").post(f"/admin/dev_shortcuts/convert/?person_id={p.id}", data={
        "full_on": m(-3).isoformat()})

    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert at_field(html, "full_on", f"转正日期不能早于预备期满之日{end}")
    assert label_for(html, "full_on") == "转正日期 *"
    ctx.expire_all()
    assert ctx.get(Person, p.id).stage == "probationary"


def test_one_introducer_is_refused_under_the_introducers(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="积极庚", stage="activist",
                      applied_on=m(-30), activist_on=m(-24))

    resp = login("sibling_admin").post(f"/admin/dev_shortcuts/admit/?person_id={p.id}", data={
        "meeting_on": m(-1).isoformat(), "approved_on": m(0, -1).isoformat(),
        "introducer1": "甲", "introducer2": ""})

    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "第十四条" in html and 'value="甲"' in html
    assert label_for(html, "introducer1") == "入党介绍人一 *"
    assert count(ctx, DevRecord, DevRecord.person_id == p.id) == 0


def test_a_code_for_an_unknown_id_number_is_refused_at_the_field(ctx, city, login):
    admin = As(login, "branch_admin")

    resp = admin.post("/admin/activation_code/generate/", data={
        "org": str(city.branch_a1a.id), "days": "7", "note": "张三", "member": "110101199001011234"})

    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert at_field(html, "member", "该党支部没有登记此身份证号码的人员")
    assert 'value="张三"' in html and 'id="issued"' not in html
    assert count(ctx, ActivationCode) == 0


def test_a_hidden_character_in_the_end_reason_is_refused_by_name_and_ends_nothing(
        ctx, activist, branch):
    resp = branch.post(f"/admin/development/person/{activist.id}/end",
                       data={"reason": "本人\u202e申请"}, follow_redirects=True)

    assert resp.status_code == 200 and f"终止原因{REFUSED_FIELD}" in resp.get_data(as_text=True)
    ctx.expire_all()
    assert ctx.get(Person, activist.id).status == "normal"
    assert count(ctx, DevRecord, DevRecord.person_id == activist.id) == 0


def test_returning_a_letter_without_a_reason_is_refused_on_the_page(ctx, activist, branch):
    from tests.web.dev_flow import add

    rec = add(branch, ctx, activist.id, "application", on_date=m(-1))

    resp = branch.post(f"/admin/development/record/{rec.id}/review",
                       data={"decision": "return", "reason": ""}, follow_redirects=True)

    assert "退回时请填写退回原因" in resp.get_data(as_text=True)
    ctx.expire_all()
    assert ctx.get(DevRecord, rec.id).status is None
