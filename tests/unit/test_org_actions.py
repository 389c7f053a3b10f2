"""Creating and editing organisations: codes, names, scope and roles."""
import pytest
from sqlalchemy import func, select

from actions.errors import DomainError, NotInScope, PermissionDenied
from actions.orgs import tree as orgs
from models import Organization
from tests import factories as f


def fields(name="中共甲区新支部委员会", kind="branch", **kw):
    return orgs.OrgFields(name=name, kind=kind, **kw)


def count(session):
    return session.execute(select(func.count()).select_from(Organization)).scalar()


def test_child_code_is_parent_code_plus_three_digits_and_path_extends_parent(ctx, city):
    org = orgs.create_org(ctx, city.district_admin, city.committee_a1.id, "123", fields())

    assert org.code == city.committee_a1.code + "123"
    assert org.path.startswith(city.committee_a1.path) and org.path.endswith(".")
    assert org.depth == city.committee_a1.depth + 1


@pytest.mark.parametrize("suffix", ["12", "1234", "12a", "", " 1 2"])
def test_code_suffix_must_be_exactly_three_digits(ctx, city, suffix):
    before = count(ctx)

    with pytest.raises(DomainError) as err:
        orgs.create_org(ctx, city.district_admin, city.committee_a1.id, suffix, fields())

    assert err.value.field == "code_suffix" and "3位数字" in err.value.message
    assert count(ctx) == before


def test_code_already_taken_among_siblings_is_refused(ctx, city):
    with pytest.raises(DomainError) as err:
        orgs.create_org(ctx, city.district_admin, city.committee_a1.id, "001", fields())

    assert err.value.field == "code_suffix" and "已被使用" in err.value.message


def test_duplicate_full_name_of_an_active_organisation_is_refused(ctx, city):
    with pytest.raises(DomainError) as err:
        orgs.create_org(ctx, city.district_admin, city.committee_a1.id, "050",
                        fields(name="中共甲区第一医院外科支部委员会"))

    assert err.value.message == "党组织名称已存在，请重新输入"


def test_a_dissolved_organisation_frees_its_name(ctx, city):
    city.branch_a1b.status = "dissolved"
    ctx.commit()

    org = orgs.create_org(ctx, city.district_admin, city.committee_a1.id, "050",
                          fields(name="中共甲区第一医院外科支部委员会"))

    assert org.status == "active"


def test_parent_outside_the_users_scope_is_refused(ctx, city):
    with pytest.raises(NotInScope):
        orgs.create_org(ctx, city.district_admin, city.district_b.id, "050", fields())


def test_operators_and_viewers_cannot_create_organisations(ctx, city):
    with pytest.raises(PermissionDenied):
        orgs.create_org(ctx, city.branch_operator, city.branch_a1a.id, "050", fields())


def test_edit_keeps_name_uniqueness_but_allows_own_name(ctx, city):
    orgs.update_org(ctx, city.district_admin, city.branch_a1a, fields(name=city.branch_a1a.name))

    with pytest.raises(DomainError):
        orgs.update_org(ctx, city.district_admin, city.branch_a1a,
                        fields(name="中共甲区第一医院外科支部委员会"))


def test_unknown_kind_is_refused(ctx, city):
    with pytest.raises(DomainError) as err:
        orgs.create_org(ctx, city.district_admin, city.committee_a1.id, "050", fields(kind="x"))

    assert err.value.field == "kind"


def test_find_org_by_code_or_name_respects_scope_and_prefers_active(ctx, city):
    city.branch_a1b.status = "dissolved"
    ctx.commit()
    again = f.make_org(ctx, city.committee_a1, name=city.branch_a1b.name, suffix="009")

    assert orgs.find_org(ctx, city.branch_b1.code) == city.branch_b1
    assert orgs.find_org(ctx, city.branch_b1.name, city.district_admin) is None
    assert orgs.find_org(ctx, city.branch_a1b.name, city.district_admin) == again
    assert orgs.find_org(ctx, city.branch_a1b.code, active_only=True) is None
    assert orgs.find_org(ctx, "  ") is None
