"""seed-demo fills every screen: records of every kind, files at all 25 steps, work waiting."""
from __future__ import annotations

from collections import defaultdict

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from actions.development.catalogue import KINDS, SUBMISSIONS
from actions.stats.delegates import StatsQuery, compute
from admin_app.demo.extra import EXTRA_MODELS
from models import (
    DevRecord,
    DevSubmission,
    Flow,
    Organization,
    OrgTeam,
    Person,
    Transfer,
    User,
    path_bounds,
)
from views.base import SecureModelView

MEMBERS = 3000


@pytest.fixture
def demo_city(app, ctx):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--members", str(MEMBERS)])
    assert result.exit_code == 0, result.output
    return {u.username: u for u in ctx.execute(select(User)).scalars()}


def test_the_demo_city_has_rows_in_every_table_a_screen_lists(demo_city, ctx):
    empty = [m.__tablename__ for m in EXTRA_MODELS
             if not ctx.execute(select(func.count()).select_from(m)).scalar()]
    statuses = set(ctx.execute(select(Person.status).distinct()).scalars())

    assert empty == []
    assert {"pending", "returned", "flowing", "transfer_pending", "normal"} <= statuses
    assert ctx.execute(select(func.count()).where(Person.management == "inflow")).scalar() > 0


def test_demo_development_files_stand_at_every_one_of_the_25_steps(demo_city, ctx):
    reached: dict[int, int] = defaultdict(int)
    for pid, kind in ctx.execute(select(DevRecord.person_id, DevRecord.kind)):
        reached[pid] = max(reached[pid], KINDS[kind].step)
    for pid, kind in ctx.execute(select(DevSubmission.person_id, DevSubmission.kind)
                                 .where(DevSubmission.status == "approved")):
        reached[pid] = max(reached[pid], SUBMISSIONS[kind].step)
    subs = ctx.execute(select(DevSubmission)).scalars().all()

    assert set(reached.values()) == set(range(1, 26))
    assert any(s.warnings != "[]" and s.explanation for s in subs)  # lit, with 情况说明
    assert any(s.warnings != "[]" and not s.explanation for s in subs)
    assert {s.kind for s in subs if s.status == "pending"} == set(SUBMISSIONS)


def test_every_demo_delegate_statistic_has_a_value(demo_city, ctx):
    figures = compute(ctx, demo_city["demo_city"], StatsQuery(terms=[13, 14]))

    zero = [row["label"] for row in figures["rows"] if not row["count"]]

    assert figures["base"] > 0 and zero == []


def test_demo_transfers_wait_in_both_directions_for_the_demo_district(demo_city, ctx):
    lo, hi = path_bounds(demo_city["demo_district"].org.path)
    pending = ctx.execute(select(Transfer).where(Transfer.status == "pending")).scalars().all()

    assert any(lo <= t.to_org_path < hi and not lo <= t.from_org_path < hi for t in pending)
    assert any(lo <= t.from_org_path < hi and not lo <= t.to_org_path < hi for t in pending)


EXPECTED_WORK = {
    "demo_city": ("待审批党员", "待审核的发展党员报审", "换届提醒", "连续6个月以上未交纳党费"),
    "demo_district": ("待审批党员", "转入待接收", "待审核的发展党员报审", "换届提醒",
                      "流入党员待接收"),
    "demo_branch": ("审批退回的党员", "转入待接收", "连续6个月以上未交纳党费"),
    "demo_branch2": ("转入待接收", "连续6个月以上未交纳党费"),
}


@pytest.mark.parametrize("username", sorted(EXPECTED_WORK))
def test_each_demo_users_home_page_shows_work_waiting(demo_city, app, username):
    client = app.test_client()
    client.fetch_csrf("/login")
    assert client.post("/login", data={"username": username, "password": "demo12345"}
                       ).status_code == 302

    page = client.get("/admin/").get_data(as_text=True)

    assert "暂无待办事项" not in page
    missing = [label for label in EXPECTED_WORK[username] if label not in page]
    assert missing == []


def test_every_list_of_the_demo_city_opens_with_rows_for_the_city_user(demo_city, app, ctx):
    client = app.test_client()
    client.fetch_csrf("/login")
    client.post("/login", data={"username": "demo_city", "password": "demo12345"})
    views = [v for v in app.extensions["admin"][0]._views if isinstance(v, SecureModelView)]
    empty, broken = [], []
    with app.test_request_context():
        for view in views:
            resp = client.get(f"/admin/{view.endpoint}/")
            if resp.status_code != 200:
                broken.append((view.endpoint, resp.status_code))
            elif "表中没有任何记录" in resp.get_data(as_text=True):
                empty.append(view.endpoint)

    assert broken == []
    # Lists that only fill through actions a user takes on the day (audit trail, import, codes).
    assert set(empty) <= {"audit", "audit_own", "activation_code", "dev_attachment"}
    assert ctx.execute(select(func.count()).select_from(Organization)).scalar() > 50


def test_demo_organisations_know_their_current_team_and_flows_their_destination(demo_city, ctx):
    t = aliased(OrgTeam)
    latest = (select(t.id).where(t.org_id == Organization.id)
              .order_by(t.elected_on.desc(), t.id.desc()).limit(1).scalar_subquery())
    current = ctx.execute(select(Organization.team_id, latest, Organization.team_ends_on,
                                 OrgTeam.term_ends_on).select_from(Organization)
                          .outerjoin(OrgTeam, OrgTeam.id == Organization.team_id)).all()
    dest = ctx.execute(select(Flow.dest_org_path, Organization.path).select_from(Flow)
                       .outerjoin(Organization, Organization.id == Flow.dest_org_id)).all()

    assert [r for r in current if (r[0], r[2]) != (r[1], r[3])] == []
    assert sum(r[0] is not None for r in current) > 0
    assert [r for r in dest if r[0] != r[1]] == []
    assert sum(r[0] is not None for r in dest) > 0
