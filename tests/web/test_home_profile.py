"""The home page's age and education figures are exact for every user, at every moment."""
import html
import json
import re
from datetime import date, timedelta

import pytest

from actions import clock, home_charts
from actions.stats import profile
from models import PersonProfileTally
from models.codes import EDUCATION
from tests import factories as f

# Boundary days on either side of the middle of a month, the first and last days of months,
# and 29 February (the boundaries fall on 28 February then).
TODAYS = [date(2026, 3, 5), date(2026, 3, 25), date(2026, 1, 1), date(2026, 12, 31),
          date(2028, 2, 29)]


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _band(born: date, today: date) -> int:
    age = _age(born, today)
    return next(i for i, (_l, _young, oldest) in enumerate(profile.AGE_BANDS) if age <= oldest)


def _expected(people, today: date) -> dict:
    """The figures counted in Python from the members' own dates and codes."""
    age, edu = [0] * len(profile.AGE_BANDS), {}
    for born, education in people:
        age[_band(born, today)] += 1
        edu[education] = edu.get(education, 0) + 1
    return {"age": age, "edu": [edu.get(c, 0) for c in EDUCATION] + [edu.get(None, 0)]}


def _births(today: date) -> list[date]:
    """Around each band's boundary: the day itself, the day after, the month's first and last."""
    out = []
    for oldest in (30, 40, 50, 60):
        bound = today.replace(year=today.year - oldest - 1, day=min(today.day, 28)) \
            if (today.month, today.day) == (2, 29) else today.replace(year=today.year - oldest - 1)
        first = bound.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        out += [bound, bound + timedelta(days=1), bound - timedelta(days=1), first, last]
    return out + [date(1940, 1, 1), date(2005, 6, 1)]


def _populate(ctx, city, today: date) -> dict:
    """Members (and non-members) across the tree; return the members by organisation."""
    orgs = [city.root, city.district_a, city.committee_a1, city.branch_a1a, city.branch_b1]
    codes = list(EDUCATION) + [None]
    members: dict = {org.id: [] for org in orgs}
    for i, born in enumerate(_births(today)):
        org, education = orgs[i % len(orgs)], codes[i % len(codes)]
        f.make_person(ctx, org, birth_date=born, education=education, commit=False,
                      management="inflow" if i % 4 == 0 else "direct",
                      stage="probationary" if i % 3 == 0 else "full")
        members[org.id].append((born, education))
        # The same dates outside the members: a development stage, and off the roll.
        f.make_person(ctx, org, stage="activist", birth_date=born, education=education,
                      commit=False)
        f.make_person(ctx, org, status="dead", birth_date=born, commit=False)
    ctx.commit()
    return members


def _of(members: dict, *orgs) -> list:
    return [m for org in orgs for m in members[org.id]]


@pytest.fixture
def today(request, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: request.param)
    return request.param


def _figures(ctx, user) -> dict:
    fig = home_charts.member_profile(ctx, user)
    return {"age": fig["age"], "edu": fig["edu"]}


@pytest.mark.parametrize("today", TODAYS, indirect=True, ids=str)
def test_city_and_district_figures_equal_counting_the_members_on_boundary_days(ctx, city, today):
    members = _populate(ctx, city, today)

    city_figures = _figures(ctx, city.city_admin)
    district_figures = _figures(ctx, city.district_admin)

    assert city_figures == _expected(_of(members, city.root, city.district_a, city.committee_a1,
                                         city.branch_a1a, city.branch_b1), today)
    assert district_figures == _expected(_of(members, city.district_a, city.committee_a1,
                                             city.branch_a1a), today)
    assert sum(city_figures["age"]) == sum(city_figures["edu"]) == len(_births(today))


@pytest.mark.parametrize("today", TODAYS[:2], indirect=True, ids=str)
def test_users_below_the_districts_get_the_live_count_of_their_subtree(ctx, city, today):
    members = _populate(ctx, city, today)

    committee = _figures(ctx, city.committee_admin)
    branch = _figures(ctx, city.branch_admin)

    assert committee == _expected(_of(members, city.committee_a1, city.branch_a1a), today)
    assert branch == _expected(_of(members, city.branch_a1a), today)


def _chart(page: str, chart: str) -> list[int]:
    spec = re.search(rf"id=\"{chart}\"[^>]*data-chart='([^']*)'", page).group(1)
    return json.loads(html.unescape(spec))["series"][0]["data"]


@pytest.mark.parametrize("today", [date(2026, 3, 25)], indirect=True, ids=str)
def test_home_page_figures_change_with_the_next_write(ctx, city, login, today):
    members = _populate(ctx, city, today)
    client = login("district_admin")
    everyone = _of(members, city.district_a, city.committee_a1, city.branch_a1a)

    first = client.get("/admin/").get_data(as_text=True)
    born = today.replace(year=today.year - 31) + timedelta(days=1)  # 30 years old: youngest band
    f.make_person(ctx, city.branch_a1a, birth_date=born, education="11")
    second = client.get("/admin/").get_data(as_text=True)

    assert _chart(first, "chart-age") == _expected(everyone, today)["age"]
    assert _chart(first, "chart-education") == _expected(everyone, today)["edu"]
    now = _expected(everyone + [(born, "11")], today)
    assert (_chart(second, "chart-age"), _chart(second, "chart-education")) == (
        now["age"], now["edu"])
    assert _chart(second, "chart-age")[0] == _chart(first, "chart-age")[0] + 1


def test_city_and_district_figures_are_read_from_the_profile_tally(ctx, city):
    f.make_person(ctx, city.branch_a1a, birth_date=date(1990, 5, 5), education="21")
    # A row only the tally has: the kept levels show it, a live count below them cannot.
    ctx.add(PersonProfileTally(path=city.root.path, dim="education", stage="full",
                               status="normal", management="direct", value="11", n=1000))
    ctx.commit()

    city_edu = _figures(ctx, city.city_admin)["edu"]
    district_edu = _figures(ctx, city.district_admin)["edu"]
    committee_edu = _figures(ctx, city.committee_admin)["edu"]

    assert city_edu[list(EDUCATION).index("11")] == 1000
    assert district_edu == committee_edu == [int(c == "21") for c in EDUCATION] + [0]
