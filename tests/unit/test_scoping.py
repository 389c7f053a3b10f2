"""scope() limits every query to the user's organisation subtree with a path range."""
from sqlalchemy import select

from actions.scoping import in_scope, is_strictly_below, scope
from models import AuditLog, Organization, Person, User
from tests import factories as f


def names(session, stmt):
    return sorted(session.execute(stmt).scalars().all())


def test_branch_user_sees_only_its_branch_people(ctx, city):
    f.make_person(ctx, city.branch_a1a, name="甲")
    f.make_person(ctx, city.branch_a1b, name="乙")

    assert names(ctx, scope(select(Person.name), city.branch_admin, Person)) == ["甲"]


def test_district_user_sees_whole_subtree_and_nothing_beside(ctx, city):
    f.make_person(ctx, city.branch_a1a, name="甲")
    f.make_person(ctx, city.branch_a1b, name="乙")
    f.make_person(ctx, city.branch_b1, name="丙")

    assert names(ctx, scope(select(Person.name), city.district_admin, Person)) == ["乙", "甲"]


def test_path_range_does_not_match_a_sibling_whose_id_shares_a_prefix(ctx, city):
    # Paths are fixed-width segments: org 1 must not include org 10, 100 ...
    orgs = names(ctx, scope(select(Organization.name), city.branch_admin, Organization))

    assert orgs == ["中共甲区第一医院内科支部委员会"]


def test_users_and_audit_entries_are_scoped_too(ctx, city):
    users = names(ctx, scope(select(User.username), city.committee_admin, User))
    ctx.add(AuditLog(org_path=city.branch_b1.path, action="insert", object_type="x", summary="乙区"))
    ctx.commit()

    assert "district_admin" not in users and "branch_admin" in users
    assert "乙区" not in names(ctx, scope(select(AuditLog.summary), city.district_admin, AuditLog))


def test_in_scope_and_strictly_below(ctx, city):
    assert in_scope(city.branch_a1a, city.district_admin)
    assert not in_scope(city.branch_b1, city.district_admin)
    assert in_scope(city.district_a, city.district_admin)
    assert not is_strictly_below(city.district_a.path, city.district_admin)
    assert is_strictly_below(city.branch_a1a.path, city.district_admin)


def test_a_user_without_organisation_sees_nothing(ctx, city):
    class Nobody:
        org = None

    f.make_person(ctx, city.branch_a1a)

    assert ctx.execute(scope(select(Person.id), Nobody(), Person)).all() == []


def test_present_scope_adds_where_a_received_flowing_member_is_and_home_scope_does_not(ctx, city):
    from actions.scoping import present_only
    from models import Activity, DuesPayment

    p = f.make_person(ctx, city.branch_b1, name="丁", status="flowing")
    p.here_path = city.branch_a1a.path
    ctx.add_all([Activity(person_id=p.id, held_on=p.birth_date, title="活动"),
                 DuesPayment(person_id=p.id, paid_on=p.birth_date, month_from=p.birth_date,
                             month_to=p.birth_date, dues_class="student", amount=1,
                             monthly_amount=1)])
    ctx.commit()
    receiver, third, home = city.branch_admin, city.sibling_admin, city.district_b_admin

    assert names(ctx, scope(select(Person.name), receiver, Person)) == []
    assert names(ctx, scope(select(Person.name), receiver, Person, present=True)) == ["丁"]
    assert names(ctx, scope(select(Person.name), third, Person, present=True)) == []
    assert names(ctx, scope(select(Person.name), home, Person, present=True)) == ["丁"]
    assert in_scope(p, receiver, present=True) and not in_scope(p, receiver)
    assert present_only(p, receiver) and not present_only(p, home)
    # Records marked present_reach follow him; dues stay with the home roll.
    assert len(ctx.execute(scope(select(Activity.id), receiver, Activity, present=True)).all()) == 1
    dues = scope(select(DuesPayment.id), receiver, DuesPayment, present=True)
    assert ctx.execute(dues).all() == []


def test_any_status_but_flowing_ends_the_second_reach(ctx, city):
    p = f.make_person(ctx, city.branch_b1, status="flowing")
    p.here_path = city.branch_a1a.path
    ctx.commit()

    p.status = "transferred_out"
    ctx.commit()

    assert p.here_path is None


def test_a_jurisdiction_holding_most_people_is_wide_and_a_small_one_is_not(ctx, city,
                                                                         monkeypatch):
    from actions import scoping

    for _ in range(9):
        f.make_person(ctx, city.branch_b1)
    f.make_person(ctx, city.branch_a1a)
    monkeypatch.setattr(scoping, "LIST_READS", 4)

    # 10 people in the city: 10² > 4 × 10; one of them in branch A1a: 1² < 4 × 10.
    assert scoping.is_wide(city.city_admin)
    assert not scoping.is_wide(city.branch_admin)
    assert scoping.is_wide(city.district_b_admin)  # 9² > 4 × 10


def test_rows_looked_up_one_by_one_are_the_rows_of_the_collected_jurisdiction(ctx, city,
                                                                            monkeypatch):
    """A wide jurisdiction looks each row's person or organisation up by key; the
    rows are exactly those of the narrow plan, for the home reach and the present reach."""
    from actions import scoping
    from models import Activity, OrgRecord
    from models.base import PersonRecord
    from models.org import OrgIdScoped

    own = f.build_in(ctx, Activity, city.branch_a1a, 1)
    beside = f.build_in(ctx, Activity, city.branch_b1, 2)
    beside.person.status, beside.person.here_path = "flowing", city.branch_a1a.path
    f.build_in(ctx, OrgRecord, city.branch_a1a, 3)
    f.build_in(ctx, OrgRecord, city.branch_b1, 4)
    ctx.commit()
    assert issubclass(Activity, PersonRecord) and issubclass(OrgRecord, OrgIdScoped)

    def ids(model, user, present=False):
        stmt = scope(select(model.id), user, model, present=present).order_by(model.id)
        return ctx.execute(stmt).scalars().all()

    cases = [(m, u, p) for m in (Activity, OrgRecord) for p in (False, True)
             for u in (city.branch_admin, city.district_admin, city.district_b_admin,
                       city.city_admin)]
    narrow = [ids(*case) for case in cases]
    monkeypatch.setattr(scoping, "LIST_READS", 0)
    assert scoping.is_wide(city.branch_admin)
    wide = [ids(*case) for case in cases]

    assert wide == narrow
    assert ids(Activity, city.branch_admin, present=True) == sorted([own.id, beside.id])
    assert ids(Activity, city.branch_admin) == [own.id]


def test_a_wide_count_of_a_table_scoped_through_the_person_names_its_table(ctx, city,
                                                                         monkeypatch):
    """The lookup leaves no column of the table in WHERE: a count must still count its rows."""
    from sqlalchemy import func

    from actions import scoping
    from models import Activity

    for n in range(3):
        f.build_in(ctx, Activity, city.branch_a1a, n)
    monkeypatch.setattr(scoping, "LIST_READS", 0)

    stmt = scope(select(func.count()).select_from(Activity), city.branch_admin, Activity)

    assert ctx.execute(stmt).scalar_one() == 3
