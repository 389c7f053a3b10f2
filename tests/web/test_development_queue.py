"""The superior committee's queue: who sees what, approve, reject, extend and cancel."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from actions.development.dates import add_months
from models import DevRecord, DevSubmission
from tests import factories as f

from tests.web.dev_flow import As, _error, decide, m, person, ready_applicant, submit


@pytest.fixture
def filed(ctx, city, login):
    """An applicant of branch A1a whose activist filing waits for the committee."""
    branch = As(login, "branch_admin")
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a, name="待备案人")
    return p, submit(branch, ctx, p.id, "activist_filing"), branch


def test_committee_and_district_see_the_submission_but_branches_and_others_do_not(filed, login):
    p, sub, branch = filed

    seen = {}
    for user in ("committee_admin", "district_admin", "branch_admin", "sibling_admin",
                 "district_b_admin"):
        client = As(login, user)
        seen[user] = ("待备案人" in client.get("/admin/dev_queue/").get_data(as_text=True),
                      client.get(f"/admin/dev_queue/{sub.id}").status_code)

    assert seen == {"committee_admin": (True, 200), "district_admin": (True, 200),
                    "branch_admin": (False, 404), "sibling_admin": (False, 404),
                    "district_b_admin": (False, 404)}


def test_branch_cannot_decide_its_own_submission(ctx, filed):
    p, sub, branch = filed

    decide(branch, sub.id)

    ctx.expire_all()
    assert ctx.get(DevSubmission, sub.id).status == "pending"
    assert person(ctx, p.id).stage == "applicant"


def test_approval_advances_with_the_committee_decision_date_and_branch_sees_the_opinion(
        ctx, city, filed, login):
    p, sub, branch = filed
    committee = As(login, "committee_admin")
    home = committee.get("/admin/").get_data(as_text=True)
    assert "待审核的发展党员报审" in home

    resp = decide(committee, sub.id, opinion="同意备案", decided_on=m(0, -2))

    assert resp.status_code == 302
    q = person(ctx, p.id)
    assert (q.stage, q.activist_on, q.status) == ("activist", m(-1), "normal")
    ctx.expire_all()
    done = ctx.get(DevSubmission, sub.id)
    assert (done.status, done.decided_by_id, done.decided_on) == (
        "approved", city.committee_admin.id, m(0, -2))
    page = branch.get(f"/admin/development/person/{p.id}").get_data(as_text=True)
    assert "上级备案意见：同意备案" in page


def test_rejection_ends_the_process_and_keeps_the_person_with_the_reason(ctx, filed, login):
    p, sub, branch = filed
    committee = As(login, "committee_admin")

    no_opinion = decide(committee, sub.id, outcome="reject", opinion="")
    assert "请填写意见" in no_opinion.get_data(as_text=True)
    decide(committee, sub.id, outcome="reject", opinion="推荐程序不规范")

    q = person(ctx, p.id)
    assert (q.stage, q.status) == ("applicant", "ended")
    page = branch.get(f"/admin/development/person/{p.id}").get_data(as_text=True)
    assert "发展流程已终止" in page and "推荐程序不规范" in page
    refused = branch.post(f"/admin/development/person/{p.id}/record/talk",
                          data={"on_date": m(-1).isoformat(), "host": "李"})
    assert "发展流程已终止" in refused.get_data(as_text=True)
    listing = branch.get("/admin/dev_applicant/").get_data(as_text=True)
    assert "待备案人" in listing


def test_a_decided_submission_cannot_be_decided_again(ctx, filed, login):
    p, sub, branch = filed
    committee = As(login, "committee_admin")
    decide(committee, sub.id)

    resp = decide(committee, sub.id, outcome="reject", opinion="改主意")

    ctx.expire_all()
    assert ctx.get(DevSubmission, sub.id).status == "approved"
    assert person(ctx, p.id).status == "normal"
    assert resp.status_code in (200, 302)


@pytest.mark.parametrize("when, message", [(m(0, 5), "至今天之间"), (m(-2), "至今天之间")])
def test_decision_date_must_lie_between_the_branch_record_and_today(ctx, filed, login, when,
                                                                     message):
    p, sub, branch = filed
    committee = As(login, "committee_admin")

    resp = decide(committee, sub.id, decided_on=when)

    assert message in resp.get_data(as_text=True)
    assert person(ctx, p.id).stage == "applicant"


def _probationary_with_conversion_pending(ctx, city, branch):
    p = f.make_person(ctx, city.branch_a1a, name="预备甲", stage="probationary",
                      joined_on=m(-13), full_on=None)
    ctx.add_all([DevRecord(person_id=p.id, kind="branch_meeting", on_date=m(-13)),
                 DevRecord(person_id=p.id, kind="conversion_meeting", on_date=m(-1, 3),
                           expected=5, present=5, votes_for=5, result="按期转正")])
    ctx.commit()
    return p, submit(branch, ctx, p.id, "conversion", explanation="补录")


def test_conversion_approval_dates_full_membership_at_the_end_of_probation(ctx, city, login):
    branch, committee = As(login, "branch_admin"), As(login, "committee_admin")
    p, sub = _probationary_with_conversion_pending(ctx, city, branch)

    decide(committee, sub.id, decided_on=m(0, -1))

    q = person(ctx, p.id)
    assert (q.stage, q.full_on) == ("full", add_months(m(-13), 12))


def test_extension_is_six_to_twelve_months_once_and_moves_the_full_date(ctx, city, login):
    branch, committee = As(login, "branch_admin"), As(login, "committee_admin")
    p, sub = _probationary_with_conversion_pending(ctx, city, branch)

    short = decide(committee, sub.id, outcome="extend", opinion="需继续考察", extension_months="3")
    assert "延长预备期应为6至12个月" in short.get_data(as_text=True)
    ok = decide(committee, sub.id, outcome="extend", opinion="需继续考察", extension_months="6")
    assert ok.status_code == 302, _error(ok)
    ctx.expire_all()
    assert ctx.get(DevSubmission, sub.id).status == "extended"
    assert person(ctx, p.id).stage == "probationary"

    ctx.add(DevRecord(person_id=p.id, kind="conversion_meeting", on_date=m(0, -1),
                      expected=5, present=5, votes_for=5, result="按期转正"))
    ctx.commit()
    second = submit(branch, ctx, p.id, "conversion", explanation="延长期满")
    again = decide(committee, second.id, outcome="extend", opinion="再延长", extension_months="6")
    assert "预备期只能延长一次" in again.get_data(as_text=True)
    decide(committee, second.id, decided_on=m(0))
    assert person(ctx, p.id).full_on == add_months(m(-13), 18)


def test_cancelling_probation_ends_the_process(ctx, city, login):
    branch, committee = As(login, "branch_admin"), As(login, "committee_admin")
    p, sub = _probationary_with_conversion_pending(ctx, city, branch)

    decide(committee, sub.id, outcome="cancel", opinion="不具备党员条件")

    q = person(ctx, p.id)
    assert (q.stage, q.status) == ("probationary", "ended")
    reason = ctx.execute(select(DevRecord.reason).where(DevRecord.person_id == p.id,
                                                        DevRecord.kind == "termination")).scalar_one()
    assert reason == "取消预备党员资格：不具备党员条件"
