"""A person goes from application letter to full member through the web screens."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from models import Person
from tests import factories as f
from tests.web.dev_flow import (
    PDF,
    PNG,
    As,
    add,
    attach,
    decide,
    m,
    monday_on_or_after,
    person,
    submit,
)


def lights(client, person_id: int) -> dict[int, str]:
    html = client.get(f"/admin/development/person/{person_id}").get_data(as_text=True)
    return {int(n): light for n, light in
            re.findall(r'data-step="(\d+)" data-light="(\w+)"', html)}


def register_applicant(client, session, org, id_number: str, name: str = "刘新") -> Person:
    resp = client.post("/admin/dev_applicant/new/", data={
        "id_number": id_number, "org": str(org.id), "name": name, "ethnicity": "01"})
    assert resp.status_code == 302
    session.expire_all()
    return session.execute(select(Person).where(Person.id_number == id_number)).scalar_one()


def test_applicant_becomes_full_member_through_every_step(ctx, city, login):
    contact = f.make_person(ctx, city.branch_a1a, name="联系人甲")
    intro = f.make_person(ctx, city.branch_a1a, name="介绍人乙")
    branch, committee = As(login, "branch_admin"), As(login, "committee_admin")
    p = register_applicant(branch, ctx, city.branch_a1a, f.id_number())
    pid = p.id

    # Stage 1: application letter and talk.
    app_rec = add(branch, ctx, pid, "application", on_date=m(-30), title="入党申请书")
    branch.post(f"/admin/development/record/{app_rec.id}/review", data={"decision": "approve"})
    add(branch, ctx, pid, "talk", on_date=m(-30, 10), host="王书记", content="谈话")
    # Stage 2: recommendation, committee decision, filing.
    add(branch, ctx, pid, "recommendation", on_date=m(-28, -5), result="党员推荐")
    add(branch, ctx, pid, "committee_activist", on_date=m(-28), result="同意", content="确定")
    sub = submit(branch, ctx, pid, "activist_filing")
    assert decide(committee, sub.id, decided_on=m(-28, 5)).status_code == 302
    assert (person(ctx, pid).stage, person(ctx, pid).activist_on) == ("activist", m(-28))

    add(branch, ctx, pid, "contact", on_date=m(-28, 6), related_person_id=contact.id)
    for months in (-27, -21, -17):
        add(branch, ctx, pid, "inspection", on_date=m(months), content="表现良好")
    for kind in ("group_opinion", "contact_opinion", "public_opinion"):
        add(branch, ctx, pid, kind, on_date=m(-16, -5), content="同意")
    add(branch, ctx, pid, "committee_target", on_date=m(-16), result="同意")
    sub = submit(branch, ctx, pid, "target_filing")
    assert decide(committee, sub.id, decided_on=m(-16, 3)).status_code == 302
    assert (person(ctx, pid).stage, person(ctx, pid).target_on) == ("target", m(-16))

    # Stage 3: introducers, political review, training, public notice, pre-review.
    add(branch, ctx, pid, "introducer", on_date=m(-16, 5), related_person_id=contact.id)
    add(branch, ctx, pid, "introducer", on_date=m(-16, 5), related_person_id=intro.id)
    add(branch, ctx, pid, "political_review", on_date=m(-16, 10), result="合格")
    add(branch, ctx, pid, "training", on_date=m(-16, 15), end_date=m(-16, 19), days=5,
        result="已结业")
    start = monday_on_or_after(m(-15))
    notice = add(branch, ctx, pid, "public_notice", on_date=start,
                 end_date=start + timedelta(days=4), scope="全单位", result="无异议")
    assert attach(branch, notice.id, PDF, "公示.pdf").status_code == 302
    review = add(branch, ctx, pid, "committee_review", on_date=start + timedelta(days=7),
                 result="同意")
    sub = submit(branch, ctx, pid, "prereview")
    passed = review.on_date + timedelta(days=7)
    assert decide(committee, sub.id, decided_on=passed).status_code == 302

    # Stage 4: volunteer form, branch meeting, approval with the monthly dues.
    add(branch, ctx, pid, "volunteer_form", on_date=passed + timedelta(days=3))
    meeting = add(branch, ctx, pid, "branch_meeting", on_date=passed + timedelta(days=14),
                  expected=10, present=9, votes_for=9, votes_against=0, votes_abstain=0,
                  result="同意接收为预备党员", content="主要表现良好，应到10人实到9人，全票通过")
    sub = submit(branch, ctx, pid, "approval", dues_monthly="12.50",
                 explanation="纸质档案补录，支部大会后已按时报审")
    add(branch, ctx, pid, "approval_talk", on_date=meeting.on_date + timedelta(days=7),
        host="组织员")
    approved = meeting.on_date + timedelta(days=20)
    assert decide(committee, sub.id, decided_on=approved).status_code == 302
    p = person(ctx, pid)
    assert (p.stage, p.joined_on, str(sub.dues_monthly)) == ("probationary", meeting.on_date, "12.50")

    # Stage 5: probation, oath, conversion.
    joined = meeting.on_date
    from actions.development.dates import add_months

    add(branch, ctx, pid, "dept_filing", on_date=approved + timedelta(days=10))
    add(branch, ctx, pid, "placement", on_date=approved + timedelta(days=2))
    oath = add(branch, ctx, pid, "oath", on_date=approved + timedelta(days=5))
    assert attach(branch, oath.id, PNG, "宣誓.png").status_code == 302
    for months in (3, 9):
        add(branch, ctx, pid, "probation_inspection", on_date=add_months(joined, months),
            content="表现良好")
    letter = add(branch, ctx, pid, "full_application", on_date=add_months(joined, 11))
    branch.post(f"/admin/development/record/{letter.id}/review", data={"decision": "approve"})
    end = add_months(joined, 12)
    for kind in ("introducer_opinion", "conversion_group_opinion", "conversion_public_opinion"):
        add(branch, ctx, pid, kind, on_date=end - timedelta(days=5), content="同意转正")
    add(branch, ctx, pid, "conversion_committee", on_date=end - timedelta(days=3), result="同意")
    add(branch, ctx, pid, "conversion_meeting", on_date=end + timedelta(days=5), expected=10,
        present=8, votes_for=8, votes_against=0, votes_abstain=0, result="按期转正",
        content="同意按期转正")
    sub = submit(branch, ctx, pid, "conversion", explanation="纸质档案补录")
    assert decide(committee, sub.id, decided_on=end + timedelta(days=15)).status_code == 302
    p = person(ctx, pid)
    assert (p.stage, p.full_on) == ("full", end)

    add(branch, ctx, pid, "archive", on_date=end + timedelta(days=20), content="材料齐全")
    steps = lights(branch, pid)
    assert steps == {n: "green" for n in range(1, 26)}
    assert "审核通过" in branch.get(f"/admin/development/person/{pid}").get_data(as_text=True)
