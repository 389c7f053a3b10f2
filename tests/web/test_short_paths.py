"""The manual's short paths: 转正 on the 预备党员 list and 补录 of an admission decided on paper."""
from datetime import timedelta

from sqlalchemy import func, select

from actions import clock
from actions.development.dates import add_months
from models import AuditLog, DevRecord, DevSubmission, Person
from tests import factories as f

TODAY = clock.today()


def probationary(ctx, org, months_ago: int, name="预备乙"):
    return f.make_person(ctx, org, name=name, stage="probationary",
                         joined_on=add_months(TODAY, -months_ago), target_on=None)


def activist(ctx, org, months_ago: int = 24, name="积极丁"):
    return f.make_person(ctx, org, name=name, stage="activist",
                         applied_on=add_months(TODAY, -months_ago - 6),
                         activist_on=add_months(TODAY, -months_ago))


def history(ctx, person_id) -> int:
    return ctx.execute(select(func.count()).select_from(AuditLog).where(
        AuditLog.person_id == person_id)).scalar_one()


def test_probationary_list_converts_checked_members_on_the_end_of_probation(ctx, city, login):
    p = probationary(ctx, city.branch_a1b, 13)
    young = probationary(ctx, city.branch_a1b, 5, name="预备新")
    client = login("sibling_admin")
    listing = client.get("/admin/dev_probationary/").get_data(as_text=True)
    assert f"/admin/dev_shortcuts/convert/?person_id={p.id}" in listing
    assert f"/admin/dev_shortcuts/convert/?person_id={young.id}" not in listing

    client.post("/admin/dev_probationary/action/", data={
        "action": "convert_on_end", "rowid": [str(p.id), str(young.id)]})

    ctx.expire_all()
    assert (ctx.get(Person, p.id).stage, ctx.get(Person, p.id).full_on) == (
        "full", add_months(p.joined_on, 12))
    assert ctx.get(Person, young.id).stage == "probationary"
    meeting = ctx.execute(select(DevRecord).where(DevRecord.person_id == p.id)).scalar_one()
    assert (meeting.kind, meeting.status) == ("conversion_meeting", "补录")
    assert history(ctx, p.id) > 0
    shown = client.get(f"/admin/member/?id={p.id}&tab=history").get_data(as_text=True)
    assert "人员阶段、转正日期" in shown and "新增发展记实" in shown


def test_search_enter_the_date_confirm_and_an_earlier_date_is_refused_with_the_article(
        ctx, city, login):
    p = probationary(ctx, city.branch_a1b, 14)
    end = add_months(p.joined_on, 12)
    client = login("sibling_admin")
    found = client.get("/admin/dev_shortcuts/convert/?q=ybY").get_data(as_text=True)
    assert "预备乙" in found and f"person_id={p.id}" in found

    refused = client.post(f"/admin/dev_shortcuts/convert/?person_id={p.id}", data={
        "full_on": (end - timedelta(days=1)).isoformat()}).get_data(as_text=True)
    ctx.expire_all()
    assert "第三十二条" in refused and ctx.get(Person, p.id).stage == "probationary"

    client.post(f"/admin/dev_shortcuts/convert/?person_id={p.id}", data={
        "full_on": end.isoformat()})
    ctx.expire_all()
    assert (ctx.get(Person, p.id).stage, ctx.get(Person, p.id).full_on) == ("full", end)


def test_probation_not_ended_is_refused(ctx, city, login):
    p = probationary(ctx, city.branch_a1b, 5)

    html = login("sibling_admin").post(f"/admin/dev_shortcuts/convert/?person_id={p.id}", data={
        "full_on": TODAY.isoformat()}).get_data(as_text=True)

    ctx.expire_all()
    assert "届满后方可转正" in html and ctx.get(Person, p.id).stage == "probationary"


def test_where_the_parent_approves_the_conversion_is_submitted_and_decided_by_the_parent(
        ctx, city, login):
    p = probationary(ctx, city.branch_a1a, 13)
    login("branch_admin").post(f"/admin/dev_shortcuts/convert/?person_id={p.id}", data={
        "full_on": add_months(p.joined_on, 12).isoformat()})
    ctx.expire_all()
    sub = ctx.execute(select(DevSubmission).where(DevSubmission.person_id == p.id)).scalar_one()
    assert (ctx.get(Person, p.id).stage, sub.kind, sub.status) == (
        "probationary", "conversion", "pending")

    login("committee_admin").post(f"/admin/dev_queue/{sub.id}", data={
        "outcome": "approve", "opinion": "同意", "decided_on": TODAY.isoformat()})

    ctx.expire_all()
    assert ctx.get(Person, p.id).stage == "full"


def test_admission_decided_on_paper_is_recorded_with_its_steps_marked_as_recorded(
        ctx, city, login):
    p = activist(ctx, city.branch_a1b)
    meeting, approved = add_months(TODAY, -3), add_months(TODAY, -2)
    client = login("sibling_admin")
    assert "积极丁" in client.get("/admin/dev_shortcuts/admit/?q=积极").get_data(as_text=True)

    client.post(f"/admin/dev_shortcuts/admit/?person_id={p.id}", data={
        "meeting_on": meeting.isoformat(), "approved_on": approved.isoformat(),
        "introducer1": "王介绍", "introducer2": "李介绍"})

    ctx.expire_all()
    person = ctx.get(Person, p.id)
    assert (person.stage, person.joined_on, person.target_on) == ("probationary", meeting, meeting)
    recs = ctx.execute(select(DevRecord.kind, DevRecord.status, DevRecord.host).where(
        DevRecord.person_id == p.id).order_by(DevRecord.id)).all()
    assert recs == [("introducer", "补录", "王介绍"), ("introducer", "补录", "李介绍"),
                    ("branch_meeting", "补录", None)]
    subs = ctx.execute(select(DevSubmission.kind, DevSubmission.status, DevSubmission.decided_on)
                       .where(DevSubmission.person_id == p.id).order_by(DevSubmission.id)).all()
    assert subs == [("prereview", "approved", meeting), ("approval", "approved", approved)]
    page = client.get(f"/admin/development/person/{p.id}").get_data(as_text=True)
    assert "recorded-later" in page
    assert history(ctx, p.id) > 0


def test_admission_dates_are_checked_against_the_rules(ctx, city, login):
    p = activist(ctx, city.branch_a1b, months_ago=8)
    client = login("sibling_admin")

    early = client.post(f"/admin/dev_shortcuts/admit/?person_id={p.id}", data={
        "meeting_on": add_months(TODAY, -1).isoformat(), "approved_on": TODAY.isoformat(),
        "introducer1": "甲", "introducer2": "乙"}).get_data(as_text=True)
    q = activist(ctx, city.branch_a1b, name="积极戊")
    backwards = client.post(f"/admin/dev_shortcuts/admit/?person_id={q.id}", data={
        "meeting_on": add_months(TODAY, -1).isoformat(),
        "approved_on": add_months(TODAY, -2).isoformat(),
        "introducer1": "甲", "introducer2": "乙"}).get_data(as_text=True)
    one_introducer = client.post(f"/admin/dev_shortcuts/admit/?person_id={q.id}", data={
        "meeting_on": add_months(TODAY, -1).isoformat(), "approved_on": TODAY.isoformat(),
        "introducer1": "甲", "introducer2": ""}).get_data(as_text=True)

    ctx.expire_all()
    assert "第十三条" in early and "第二十四条" in backwards and "第十四条" in one_introducer
    assert ctx.get(Person, p.id).stage == ctx.get(Person, q.id).stage == "activist"
    written = select(DevRecord).where(DevRecord.person_id.in_([p.id, q.id]))
    assert ctx.execute(written).first() is None


def test_where_the_parent_approves_the_admission_waits_for_its_decision(ctx, city, login):
    p = activist(ctx, city.branch_a1a)
    meeting = add_months(TODAY, -1)
    login("branch_admin").post(f"/admin/dev_shortcuts/admit/?person_id={p.id}", data={
        "meeting_on": meeting.isoformat(), "introducer1": "甲", "introducer2": "乙"})
    ctx.expire_all()
    sub = ctx.execute(select(DevSubmission).where(DevSubmission.person_id == p.id,
                                                  DevSubmission.kind == "approval")).scalar_one()
    assert (ctx.get(Person, p.id).stage, sub.status) == ("target", "pending")

    login("committee_admin").post(f"/admin/dev_queue/{sub.id}", data={
        "outcome": "approve", "opinion": "同意", "decided_on": TODAY.isoformat()})

    ctx.expire_all()
    assert (ctx.get(Person, p.id).stage, ctx.get(Person, p.id).joined_on) == (
        "probationary", meeting)
