"""Rename, change of affiliation, dissolve and restore of organisations."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from actions import clock
from actions.errors import DomainError, NotInScope, PermissionDenied
from actions.orgs import changes as oc
from models import AuditLog, Organization, OrgChange, Person
from tests import factories as f

TODAY = clock.today()


def test_rename_keeps_the_old_name_in_the_history(ctx, city):
    oc.rename_org(ctx, city.district_admin, city.branch_a1a, "中共甲区第一医院内科第一支部委员会",
                  TODAY, "机构调整")

    change = ctx.execute(select(OrgChange).where(OrgChange.org_id == city.branch_a1a.id)).scalar_one()
    assert (change.kind, change.old_name) == ("rename", "中共甲区第一医院内科支部委员会")
    assert city.branch_a1a.name == "中共甲区第一医院内科第一支部委员会"


@pytest.mark.parametrize("name, message", [
    ("中共甲区第一医院外科支部委员会", "党组织名称已存在，请重新输入"),
    ("中共甲区第一医院内科支部委员会", "新名称与原名称相同"),
    ("  ", "请输入党组织全称"),
])
def test_rename_refuses_duplicate_same_or_empty_names(ctx, city, name, message):
    with pytest.raises(DomainError, match=message):
        oc.rename_org(ctx, city.district_admin, city.branch_a1a, name, TODAY)

    ctx.rollback()
    assert ctx.get(Organization, city.branch_a1a.id).name == "中共甲区第一医院内科支部委员会"


def test_rename_refuses_a_future_date(ctx, city):
    with pytest.raises(DomainError, match="异动日期不能晚于今天"):
        oc.rename_org(ctx, city.district_admin, city.branch_a1a, "新名称", TODAY + timedelta(days=1))


def test_move_takes_subtree_and_members_and_rederives_codes(ctx, city):
    member = f.make_person(ctx, city.branch_a1a, name="李四")
    outside = f.make_person(ctx, city.district_a, name="王五")

    moved = oc.move_org(ctx, city.city_admin, city.committee_a1, city.district_b.id, "005", TODAY, "调整")

    ctx.expire_all()
    a1a = ctx.get(Organization, city.branch_a1a.id)
    assert moved.parent_id == city.district_b.id
    assert moved.code == city.district_b.code + "005" and moved.depth == 2
    assert moved.path == city.district_b.path + f"{moved.id:06d}."
    assert a1a.code == moved.code + "001" and a1a.path.startswith(moved.path) and a1a.depth == 3
    assert ctx.get(Person, member.id).org_path == a1a.path
    assert ctx.get(Person, outside.id).org_path == city.district_a.path
    old_codes = set(ctx.execute(select(OrgChange.old_code)).scalars())
    assert old_codes == {"900001001", "900001001001", "900001001002"}


def test_move_is_one_statement_per_table_and_audited(ctx, city):
    f.make_person(ctx, city.branch_a1a)
    before = ctx.execute(select(AuditLog.id)).all()

    oc.move_org(ctx, city.city_admin, city.committee_a1, city.district_b.id, "007", TODAY)

    entries = ctx.execute(select(AuditLog).where(AuditLog.id.not_in([r[0] for r in before]))).scalars().all()
    kinds = sorted((e.action, e.object_type) for e in entries)
    assert kinds == [("bulk_insert", "org_change"), ("bulk_update", "organization"),
                     ("bulk_update", "person")]
    assert all("中共甲区第一医院委员会" in e.summary for e in entries)


def test_move_under_own_descendant_is_refused(ctx, city):
    with pytest.raises(DomainError, match="其自身或其下级"):
        oc.move_org(ctx, city.city_admin, city.committee_a1, city.branch_a1a.id, None, TODAY)


def test_move_of_own_organisation_is_refused(ctx, city):
    with pytest.raises(NotInScope, match="所辖下级"):
        oc.move_org(ctx, city.committee_admin, city.committee_a1, city.district_a.id, None, TODAY)


def test_move_to_a_parent_outside_scope_is_refused(ctx, city):
    with pytest.raises(NotInScope):
        oc.move_org(ctx, city.district_admin, city.branch_a1a, city.district_b.id, None, TODAY)


def test_move_with_a_taken_code_is_refused_and_changes_nothing(ctx, city):
    with pytest.raises(DomainError, match="请重新输入后3位"):
        oc.move_org(ctx, city.district_admin, city.branch_a1a, city.district_a.id, "001", TODAY)

    ctx.rollback()
    assert ctx.get(Organization, city.branch_a1a.id).parent_id == city.committee_a1.id
    assert ctx.execute(select(OrgChange)).first() is None


@pytest.mark.parametrize("suffix", ["01", "abc", "1234"])
def test_move_refuses_a_bad_code_suffix(ctx, city, suffix):
    with pytest.raises(DomainError, match="3位数字"):
        oc.move_org(ctx, city.district_admin, city.branch_a1a, city.district_a.id, suffix, TODAY)


def test_move_keeps_the_last_three_digits_by_default(ctx, city):
    moved = oc.move_org(ctx, city.district_admin, city.branch_a1b, city.district_a.id, None, TODAY)

    assert moved.code == city.district_a.code + "002"


def test_former_code_and_name_stay_searchable_after_move(ctx, city):
    oc.move_org(ctx, city.city_admin, city.committee_a1, city.district_b.id, "005", TODAY)

    found = ctx.execute(select(OrgChange.org_id).where(OrgChange.old_code == "900001001001")).scalar()
    assert found == city.branch_a1a.id


def test_dissolve_is_refused_while_members_remain_below(ctx, city):
    f.make_person(ctx, city.branch_a1a)
    f.make_person(ctx, city.branch_a1a)

    with pytest.raises(DomainError) as err:
        oc.dissolve_org(ctx, city.district_admin, city.committee_a1, TODAY, "合并")

    assert "尚有 2 名人员" in err.value.message and "内科支部" in err.value.message


def test_dissolve_is_refused_to_the_organisation_itself(ctx, city):
    with pytest.raises(PermissionDenied, match="上级党组织操作"):
        oc.dissolve_org(ctx, city.branch_admin, city.branch_a1a, TODAY, "合并")


def test_dissolve_is_refused_while_active_children_remain(ctx, city):
    with pytest.raises(DomainError, match="2 个未撤销的下级党组织"):
        oc.dissolve_org(ctx, city.district_admin, city.committee_a1, TODAY, "合并")


def test_dissolve_needs_a_reason(ctx, city):
    with pytest.raises(DomainError, match="撤销原因"):
        oc.dissolve_org(ctx, city.committee_admin, city.branch_a1b, TODAY, " ")


def test_dissolved_organisation_keeps_date_and_reason_and_frees_its_name(ctx, city):
    f.make_person(ctx, city.branch_a1b, status="transferred_out")

    oc.dissolve_org(ctx, city.committee_admin, city.branch_a1b, TODAY, "单位撤并")

    assert (city.branch_a1b.status, city.branch_a1b.dissolved_on) == ("dissolved", TODAY)
    assert city.branch_a1b.dissolve_reason == "单位撤并"
    f.make_org(ctx, city.committee_a1, "中共甲区第一医院外科支部委员会", suffix="009")


def test_restore_brings_a_dissolved_organisation_back(ctx, city):
    oc.dissolve_org(ctx, city.committee_admin, city.branch_a1b, TODAY, "撤并")

    oc.restore_org(ctx, city.committee_admin, city.branch_a1b, TODAY, "恢复建制")

    assert city.branch_a1b.status == "active" and city.branch_a1b.dissolved_on is None
    kinds = ctx.execute(select(OrgChange.kind).order_by(OrgChange.id)).scalars().all()
    assert kinds == ["dissolve", "restore"]


def test_restore_is_refused_when_the_name_is_taken_again(ctx, city):
    oc.dissolve_org(ctx, city.committee_admin, city.branch_a1b, TODAY, "撤并")
    f.make_org(ctx, city.committee_a1, "中共甲区第一医院外科支部委员会", suffix="009")

    with pytest.raises(DomainError, match="同名"):
        oc.restore_org(ctx, city.committee_admin, city.branch_a1b, TODAY)



def test_move_bumps_the_version_of_moved_people(ctx, city):
    person = f.make_person(ctx, city.branch_a1a)
    version = person.version

    oc.move_org(ctx, city.city_admin, city.committee_a1, city.district_b.id, "005", TODAY)

    ctx.expire_all()
    assert ctx.get(Person, person.id).version == version + 1



def test_rename_and_dissolve_are_audited(ctx, city):
    start = ctx.execute(select(func.max(AuditLog.id))).scalar()

    oc.rename_org(ctx, city.committee_admin, city.branch_a1b, "中共甲区第一医院外一科支部委员会", TODAY)
    oc.dissolve_org(ctx, city.committee_admin, city.branch_a1b, TODAY, "撤并")

    rows = ctx.execute(select(AuditLog.action, AuditLog.object_type, AuditLog.summary)
                       .where(AuditLog.id > start).order_by(AuditLog.id)).all()
    org_rows = [r for r in rows if r.object_type == "organization"]
    assert [r.action for r in org_rows] == ["update", "update"]
    assert "组织全称" in org_rows[0].summary and "状态" in org_rows[1].summary
    assert [r.action for r in rows if r.object_type == "org_change"] == ["insert", "insert"]


def test_move_history_is_stamped_in_utc(ctx, city):
    from datetime import datetime, timezone

    oc.move_org(ctx, city.district_admin, city.branch_a1b, city.district_a.id, None, TODAY)

    at = ctx.execute(select(OrgChange.at)).scalar_one()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    assert abs((now - at).total_seconds()) < 120


def test_dissolving_ends_the_remaining_appointments(ctx, city):
    from actions.orgs import team as org_team

    person = f.make_person(ctx, city.branch_a1b)
    officer = org_team.appoint(ctx, city.committee_admin, city.branch_a1b, "secretary", person.id_number, TODAY)
    ctx.execute(update(Person).where(Person.id == person.id)
                .values(status="transferred_out"))
    ctx.commit()

    oc.dissolve_org(ctx, city.committee_admin, city.branch_a1b, TODAY, "撤并")

    assert (officer.status, officer.ended_on, officer.end_reason) == ("ended", TODAY, "党组织撤销")
