"""Each member category gives the same number on its list, in 信息查询, in 信息汇总 and at home."""
from itertools import product

import pytest
from flask_login import login_user

from actions.members import categories
from actions.members import query as Q
from actions.stats import counts as home_counts
from actions.stats import tables as statistics
from models import db
from models.codes import MANAGEMENT, STAGE, STATUS
from tests import factories as f

# Lists of the manual's category screens: endpoint -> category.
LISTS = {
    "direct_member": "direct",
    "inflow_member": "inflow",
    "activist": "activist",
    "dev_applicant": "applicant",
    "dev_activist": "activist",
    "dev_target": "target",
    "dev_probationary": "probationary",
    "pending_member": "pending",
    "returned_member": "returned",
}
HOME = ("applicant", "activist", "target", "probationary", "full", "inflow")


@pytest.fixture
def everyone(ctx, city):
    """One person in every stage x status x management, in two branches of district A."""
    n = 0
    for org in (city.branch_a1a, city.branch_a1b):
        for stage, status, management in product(STAGE, STATUS, MANAGEMENT):
            n += 1
            f.make_person(ctx, org, name=f"人{n}", stage=stage, status=status,
                          management=management, commit=False)
    ctx.commit()
    return n


def _list_count(app, user, endpoint):
    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == endpoint)
    with app.test_request_context(f"/admin/{endpoint}/"):
        login_user(user)
        return view.get_count_query().count()


def _query_count(user, key):
    stmt = Q.search(db.session, user, Q.Criteria(object=key, mode="all"), require_condition=False)
    return len(db.session.execute(stmt).scalars().all())


def _summary_total(user, key):
    return statistics.run(db.session, user, statistics.Spec(object=key, row="sex")).total


@pytest.mark.parametrize("endpoint", sorted(LISTS))
def test_a_category_list_counts_what_the_query_and_the_summary_count(app, city, everyone,
                                                                      endpoint):
    key = LISTS[endpoint]
    user = db.session.merge(city.district_admin)

    listed = _list_count(app, user, endpoint)

    assert listed > 0
    assert listed == _query_count(user, key) == _summary_total(user, key)


@pytest.mark.parametrize("key", HOME)
def test_the_home_page_counts_each_category_as_the_query_does(app, city, everyone, key):
    user = db.session.merge(city.district_admin)

    home = home_counts.stage_counts(db.session, user)[key]

    assert home > 0 and home == _query_count(user, key) == _summary_total(user, key)


def test_members_are_the_direct_and_inflow_members_together(app, city, everyone):
    user = db.session.merge(city.district_admin)

    counts = {k: _query_count(user, k) for k in ("members", "direct", "inflow", "full",
                                                  "probationary")}

    assert counts["members"] == counts["direct"] + counts["inflow"]
    assert counts["direct"] == counts["full"] + counts["probationary"]


def test_every_person_is_in_at_most_one_category_of_the_organisation_page(app, city, everyone):
    from sqlalchemy import func, select

    from models import Person
    key = categories.which_of(categories.ORG_PAGE)

    rows = dict(db.session.execute(select(key, func.count()).group_by(key)).all())
    one_by_one = {k: db.session.execute(select(func.count()).select_from(Person)
                                        .where(categories.clause(k))).scalar_one()
                  for k in categories.ORG_PAGE}

    assert {k: rows.get(k, 0) for k in categories.ORG_PAGE} == one_by_one
