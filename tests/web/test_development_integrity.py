"""Hard limits, true lights, a way back from mistakes and the rule version in force, as users meet them."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from actions.development import records as devrecords
from actions.development.dates import add_months
from models import AuditLog, CalendarDay, DevRecord, DevRuleConfig, DevSubmission
from tests import factories as f
from tests.web.dev_flow import As, add, decide, m, person, ready_applicant, submit


@pytest.fixture
def branch(login, city):
    return As(login, "branch_admin")


def page(client, pid) -> str:
    return client.get(f"/admin/development/person/{pid}").get_data(as_text=True)


def warnings_of(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", w).strip()
            for w in re.findall(r'class="[^"]*step-warning[^"]*"[^>]*>(.*?)<span', html, re.S)]


def _probationary(ctx, city, joined):
    p = f.make_person(ctx, city.branch_a1a, name="预备乙", stage="probationary", joined_on=joined,
                      full_on=None)
    ctx.add(DevRecord(person_id=p.id, kind="branch_meeting", on_date=joined))
    ctx.commit()
    return p


# --- 1. hard limits ----------------------------------------------------------------------

def test_a_conversion_approved_on_the_admission_day_is_refused_naming_the_article(ctx, city, login):
    committee = As(login, "committee_admin")
    p = _probationary(ctx, city, m(0, -2))
    # A conversion meeting on the admission day, as older data may hold it.
    ctx.add(DevRecord(person_id=p.id, kind="conversion_meeting", on_date=m(0, -2), expected=5,
                      present=5, votes_for=5, result="按期转正"))
    sub = DevSubmission(person_id=p.id, kind="conversion", org_id=p.org_id, status="pending")
    ctx.add(sub)
    ctx.commit()

    resp = decide(committee, sub.id, decided_on=m(0, -2))

    assert "第三十二" in resp.get_data(as_text=True)
    q = person(ctx, p.id)
    assert (q.stage, q.full_on) == ("probationary", None)
    assert ctx.get(DevSubmission, sub.id).status == "pending"


def test_a_conversion_meeting_before_the_probation_year_ends_cannot_be_entered(ctx, city, branch):
    p = _probationary(ctx, city, m(-6))

    resp = branch.post(f"/admin/development/person/{p.id}/record/conversion_meeting", data={
        "on_date": m(0, -1).isoformat(), "expected": "5", "present": "5", "votes_for": "5",
        "votes_against": "0", "votes_abstain": "0", "result": "按期转正", "content": "同意"})

    assert f"预备期至{add_months(m(-6), 12)}届满" in resp.get_data(as_text=True)
    ctx.expire_all()
    assert ctx.execute(select(DevRecord).where(DevRecord.person_id == p.id,
                                               DevRecord.kind == "conversion_meeting")).first() is None


def test_conversion_approval_makes_a_full_member_only_from_a_past_full_date(ctx, city, login):
    branch, committee = As(login, "branch_admin"), As(login, "committee_admin")
    p = _probationary(ctx, city, m(-13))
    ctx.add_all([DevRecord(person_id=p.id, kind=k, on_date=m(-1, 1)) for k in (
        "full_application", "conversion_group_opinion", "conversion_public_opinion",
        "conversion_committee")])
    ctx.add(DevRecord(person_id=p.id, kind="conversion_meeting", on_date=m(-1, 3), expected=5,
                      present=5, votes_for=5, result="按期转正"))
    ctx.commit()
    sub = submit(branch, ctx, p.id, "conversion", explanation="补录")

    resp = decide(committee, sub.id, decided_on=m(0, -1))

    assert resp.status_code == 302
    q = person(ctx, p.id)
    assert q.stage == "full" and q.full_on == add_months(m(-13), 12) <= m(0)


# --- 2. lights are true ------------------------------------------------------------------

def test_a_talk_on_the_day_the_letter_arrives_lights_nothing(ctx, city, branch):
    p = f.make_person(ctx, city.branch_a1a, name="同日谈话", stage="applicant")
    app_rec = add(branch, ctx, p.id, "application", on_date=m(0, -3))
    branch.post(f"/admin/development/record/{app_rec.id}/review", data={"decision": "approve"})
    add(branch, ctx, p.id, "talk", on_date=m(0, -3), host="王书记")

    html = page(branch, p.id)

    assert warnings_of(html) == []
    assert 'data-step="2" data-light="green"' in html


def test_an_order_error_is_named_in_the_headline_and_every_one_is_listed(ctx, city, branch):
    p = f.make_person(ctx, city.branch_a1a, name="顺序错", stage="applicant")
    app_rec = add(branch, ctx, p.id, "application", on_date=m(-3))
    branch.post(f"/admin/development/record/{app_rec.id}/review", data={"decision": "approve"})
    add(branch, ctx, p.id, "talk", on_date=m(-2), host="王书记")
    add(branch, ctx, p.id, "recommendation", on_date=m(-2), result="党员推荐")
    add(branch, ctx, p.id, "committee_activist", on_date=m(-2), result="同意")

    found = warnings_of(page(branch, p.id))

    assert any(w.startswith("R04 确定积极分子日期") and "应晚于谈话日期" in w for w in found)
    assert not any("缺少推荐" in w for w in found)
    assert any(w.startswith("R27 确定积极分子日期") and "不能同日" in w for w in found)
    assert not any("早于" in w for w in found)


def test_every_order_error_is_listed_including_an_early_conversion(ctx, city, branch):
    p = _probationary(ctx, city, m(-3))
    ctx.add_all([DevRecord(person_id=p.id, kind="application", on_date=m(-20), status="approved"),
                 DevRecord(person_id=p.id, kind="talk", on_date=m(-21)),
                 DevRecord(person_id=p.id, kind="conversion_meeting", on_date=m(-2), expected=5,
                           present=5, votes_for=5, result="按期转正")])
    ctx.commit()

    r27 = [w for w in warnings_of(page(branch, p.id)) if w.startswith("R27")]

    assert len(r27) == 2
    assert "谈话日期" in r27[0] and "早于收到入党申请书日期" in r27[0]
    assert "转正支部大会日期" in r27[1] and "早于预备期满" in r27[1]


def test_no_light_shows_none_when_the_branch_meeting_is_missing(ctx, city, branch):
    p = f.make_person(ctx, city.branch_a1a, name="无大会", stage="probationary",
                      joined_on=m(-2), full_on=None)

    html = page(branch, p.id)

    assert "缺少接收预备党员的支部大会会议记录" in html
    assert "None" not in " ".join(warnings_of(html))


# --- 4. a way back -----------------------------------------------------------------------

def test_a_mistaken_record_is_deleted_before_filing_and_the_audit_log_keeps_it(ctx, city, branch):
    p = f.make_person(ctx, city.branch_a1a, name="删记录", stage="applicant")
    talk_id = add(branch, ctx, p.id, "talk", on_date=m(0, -3), host="错录的谈话人").id

    resp = branch.post(f"/admin/development/record/{talk_id}/delete")

    assert resp.status_code == 302
    ctx.expire_all()
    assert ctx.get(DevRecord, talk_id) is None
    logged = ctx.execute(select(AuditLog).where(AuditLog.action == "delete",
                                                AuditLog.object_type == "dev_record")).scalars().all()
    assert any("错录的谈话人" in (row.changes or "") for row in logged)


def test_a_filed_record_cannot_be_deleted(ctx, city, branch):
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a)
    submit(branch, ctx, p.id, "activist_filing")
    talk = ctx.execute(select(DevRecord).where(DevRecord.person_id == p.id,
                                               DevRecord.kind == "talk")).scalar_one()

    branch.post(f"/admin/development/record/{talk.id}/delete")

    ctx.expire_all()
    assert ctx.get(DevRecord, talk.id) is not None


def test_a_pending_submission_is_withdrawn_unlocking_its_records_until_the_superior_decides(
        ctx, city, login, branch):
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a)
    sub = submit(branch, ctx, p.id, "activist_filing")
    assert "撤回报审" in page(branch, p.id)

    branch.post(f"/admin/development/submission/{sub.id}/withdraw")

    ctx.expire_all()
    assert ctx.get(DevSubmission, sub.id).status == "withdrawn"
    assert devrecords.locked_kinds(ctx, p.id) == set()
    again = submit(branch, ctx, p.id, "activist_filing")
    decide(As(login, "committee_admin"), again.id)
    branch.post(f"/admin/development/submission/{again.id}/withdraw")
    ctx.expire_all()
    assert ctx.get(DevSubmission, again.id).status == "approved"


# --- 5. the rule version in force ---------------------------------------------------------

def test_only_a_system_administrator_opens_the_rule_settings(city, login):
    assert As(login, "branch_admin").get("/admin/dev_rule_settings/").status_code == 403
    html = As(login, "city_admin").get("/admin/dev_rule_settings/").get_data(as_text=True)
    assert "2026年版细则施行日期" in html and '<label for="notice_working_days">' in html


def test_the_administrator_saves_the_settings_and_the_audit_log_records_it(ctx, city, login):
    admin = As(login, "city_admin")
    data = {"revision_2026_from": "2026-09-01", "notice_required": "1",
            "notice_working_days": "7", "inspection_months": "6", "report_months": "3"}

    resp = admin.post("/admin/dev_rule_settings/", data=data)

    assert resp.status_code == 302
    ctx.expire_all()
    row = ctx.execute(select(DevRuleConfig)).scalar_one()
    assert (str(row.revision_2026_from), row.notice_working_days, row.report_months) == (
        "2026-09-01", 7, 3)
    assert ctx.execute(select(AuditLog).where(AuditLog.object_type == "dev_rule_config")).first()


def test_bad_settings_show_a_message_at_the_field_and_change_nothing(ctx, city, login):
    admin = As(login, "city_admin")

    resp = admin.post("/admin/dev_rule_settings/", data={
        "revision_2026_from": "2026-13-01", "notice_working_days": "5", "inspection_months": "6"})
    resp2 = admin.post("/admin/dev_rule_settings/", data={"notice_working_days": "0",
                                                          "inspection_months": "6"})

    assert "2026年版细则施行日期格式应为年-月-日" in resp.get_data(as_text=True)
    assert "公示工作日数应在1至30之间" in resp2.get_data(as_text=True)
    ctx.expire_all()
    assert ctx.execute(select(DevRuleConfig)).first() is None


def test_an_extra_holiday_with_a_note_shortens_the_public_notice(ctx, city, login, branch):
    admin = As(login, "city_admin")
    p = f.make_person(ctx, city.branch_a1a, name="公示人", stage="target", target_on=m(-3))
    start = m(-1)
    start = start + timedelta(days=(7 - start.weekday()) % 7)  # a Monday
    notice = DevRecord(person_id=p.id, kind="public_notice", on_date=start,
                       end_date=start + timedelta(days=4), scope="全体", result="无异议")
    ctx.add_all([notice, DevRecord(person_id=p.id, kind="committee_review",
                                   on_date=start + timedelta(days=10), result="同意")])
    ctx.commit()
    from actions.development.attachments import add_attachment  # noqa: F401 (the page counts rows)
    from models import DevAttachment

    ctx.add(DevAttachment(person_id=p.id, record_id=notice.id, filename="公示.png", mime="image/png",
                          size=1, stored_name="x-notice.png"))
    ctx.commit()
    assert not any(w.startswith("R12") for w in warnings_of(page(branch, p.id)))

    resp = admin.post("/admin/dev_rule_settings/day", data={
        "day": (start + timedelta(days=1)).isoformat(), "kind": "holiday", "note": "本地放假通知"})
    empty = admin.post("/admin/dev_rule_settings/day", data={
        "day": (start + timedelta(days=2)).isoformat(), "kind": "holiday", "note": ""})

    assert resp.status_code == 302
    assert "请填写说明" in empty.get_data(as_text=True)
    assert ctx.execute(select(CalendarDay)).scalars().all()[0].note == "本地放假通知"
    assert any(w.startswith("R12 公示4个工作日") for w in warnings_of(page(branch, p.id)))


def test_each_stage_shows_the_version_in_force_on_its_date(ctx, city, login, branch):
    admin = As(login, "city_admin")
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a)
    admin.post("/admin/dev_rule_settings/", data={
        "revision_2026_from": m(-1, 1).isoformat(), "notice_required": "1",
        "notice_working_days": "5", "inspection_months": "6"})

    html = page(branch, p.id)

    versions = dict(re.findall(r'stage-version" data-stage="(\d)">依据：([^<]+)<', html))
    assert versions["1"] == "2014年版"  # application and talk three months ago
    assert "2026年版" in versions["3"]  # not reached yet: judged by today's version


def test_switching_the_version_never_relights_a_filed_step(ctx, city, login, branch):
    admin, committee = As(login, "city_admin"), As(login, "committee_admin")
    p = f.make_person(ctx, city.branch_a1a, name="已备案", stage="activist", activist_on=m(-14))
    contact = f.make_person(ctx, city.branch_a1a, name="联系人丙")
    ctx.add_all([DevRecord(person_id=p.id, kind="contact", on_date=m(-14, 3),
                           related_person_id=contact.id)]
                + [DevRecord(person_id=p.id, kind="inspection", on_date=m(mm)) for mm in (-13, -8, -3)]
                + [DevRecord(person_id=p.id, kind=k, on_date=m(-2, -5), content="同意")
                   for k in ("group_opinion", "contact_opinion", "public_opinion")]
                + [DevRecord(person_id=p.id, kind="committee_target", on_date=m(-2), result="同意")])
    ctx.commit()
    sub = submit(branch, ctx, p.id, "target_filing", explanation="早期档案补录")
    assert json.loads(ctx.get(DevSubmission, sub.id).rules)["revision_2026_from"] is None
    decide(committee, sub.id, decided_on=m(-2, 3))
    assert not any(w.startswith("R12") for w in warnings_of(page(branch, p.id)))

    # The administrator now dates the 2026 revision before this target decision: under 2026
    # the missing public notice would light step 7, which is filed and locked.
    admin.post("/admin/dev_rule_settings/", data={
        "revision_2026_from": m(-6).isoformat(), "notice_required": "1",
        "notice_working_days": "5", "inspection_months": "6"})

    html = page(branch, p.id)
    assert not any(w.startswith("R12") for w in warnings_of(html))
    assert 'data-step="7" data-light="green"' in html
