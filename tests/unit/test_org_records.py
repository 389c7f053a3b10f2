"""Extended records of organisations and creating organisations."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from actions import clock
from actions.errors import DomainError, NotInScope
from actions.orgs import records as org_records
from actions.orgs import tree as orgs
from tests import factories as f

TODAY = clock.today()


def test_record_is_saved_for_an_organisation_in_scope(ctx, city):
    row = org_records.save_record(ctx, city.branch_operator, city.branch_a1a, "life_meeting",
                                  TODAY, "年度组织生活会", "批评与自我批评", "良好")

    assert (row.org_id, row.kind, row.result) == (city.branch_a1a.id, "life_meeting", "良好")


def test_record_for_an_organisation_outside_scope_is_refused(ctx, city):
    with pytest.raises(NotInScope):
        org_records.save_record(ctx, city.branch_operator, city.branch_a1b, "theme", TODAY, "主题")


@pytest.mark.parametrize("kind, held_on, title, message", [
    ("nope", TODAY, "主题", "类别无效"),
    ("theme", None, "主题", "请填写日期"),
    ("theme", TODAY + timedelta(days=1), "主题", "不能晚于今天"),
    ("theme", TODAY, "  ", "请填写主题"),
])
def test_record_entry_is_validated(ctx, city, kind, held_on, title, message):
    with pytest.raises(DomainError, match=message):
        org_records.save_record(ctx, city.branch_operator, city.branch_a1a, kind, held_on, title)


def fields(name="中共甲区第一医院新支部委员会", **kw):
    return orgs.OrgFields(name=name, kind=kw.pop("kind", "branch"), **kw)


def test_new_organisation_code_is_parent_code_plus_three_digits(ctx, city):
    org = orgs.create_org(ctx, city.committee_admin, city.committee_a1.id, "123",
                          fields(requires_approval=True, unit_name="第一医院", founded_on=date(2020, 1, 1)))

    assert org.code == "900001001123" and org.path.startswith(city.committee_a1.path)
    assert (org.requires_approval, org.unit_name, org.founded_on) == (True, "第一医院", date(2020, 1, 1))


@pytest.mark.parametrize("suffix", ["12", "1234", "1a2", ""])
def test_new_organisation_code_suffix_must_be_three_digits(ctx, city, suffix):
    with pytest.raises(DomainError, match="3位数字"):
        orgs.create_org(ctx, city.committee_admin, city.committee_a1.id, suffix, fields())


def test_new_organisation_code_must_be_unique_among_siblings(ctx, city):
    with pytest.raises(DomainError, match="该组织代码已被使用"):
        orgs.create_org(ctx, city.committee_admin, city.committee_a1.id, "001", fields())


def test_duplicate_active_name_must_be_re_entered(ctx, city):
    with pytest.raises(DomainError, match="党组织名称已存在，请重新输入"):
        orgs.create_org(ctx, city.committee_admin, city.committee_a1.id, "123",
                        fields(city.branch_b1.name))


def test_rename_through_basic_information_is_kept_in_the_history(ctx, city):
    from actions.orgs import changes as org_changes

    orgs.update_org(ctx, city.committee_admin, city.branch_a1a, fields("中共甲区改名支部委员会"))

    assert [h.old_name for h in org_changes.history(ctx, city.branch_a1a)] == [
        "中共甲区第一医院内科支部委员会"]
    f.make_org(ctx, city.committee_a1, "中共甲区第一医院内科支部委员会", suffix="111")
