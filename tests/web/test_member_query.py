"""信息查询: query object, 本级/辖区, and search by name, ID, former ID and pinyin initials."""
from datetime import date

import pytest

from actions.members import membership
from tests import factories as f

OBJECT, LEVEL = 0, 1  # filter positions of 查询对象 and 查询方式


@pytest.fixture
def people(ctx, city):
    return {
        "direct": f.make_person(ctx, city.branch_a1a, name="张三"),
        "inflow": f.make_person(ctx, city.branch_a1b, name="李流入", management="inflow"),
        "activist": f.make_person(ctx, city.branch_a1b, name="王积极", stage="activist"),
        "own": f.make_person(ctx, city.committee_a1, name="赵本级"),
        "left": f.make_person(ctx, city.branch_a1a, name="钱已转出", status="transferred_out"),
        "other": f.make_person(ctx, city.branch_b1, name="孙外区"),
    }


def names(client, query: str) -> set[str]:
    html = client.get(f"/admin/member_query/?{query}").get_data(as_text=True)
    return {n for n in ("张三", "李流入", "王积极", "赵本级", "钱已转出", "孙外区") if n in html}


@pytest.mark.parametrize("obj, expected", [
    ("direct", {"张三", "赵本级"}), ("inflow", {"李流入"}), ("activist", {"王积极"}),
    ("off_roll", {"钱已转出"}),
])
def test_query_object_selects_the_category(people, login, obj, expected):
    assert names(login("committee_admin"), f"flt0_{OBJECT}={obj}") == expected


def test_own_level_only_or_the_whole_jurisdiction(people, login):
    client = login("committee_admin")

    assert names(client, f"flt0_{LEVEL}=own") == {"赵本级"}
    assert names(client, f"flt0_{LEVEL}=all") == {"张三", "李流入", "王积极", "赵本级", "钱已转出"}


@pytest.mark.parametrize("term, expected", [("zs", {"张三"}), ("张", {"张三"}), ("ZS", {"张三"}),
                                            ("wjj", {"王积极"})])
def test_search_by_name_or_pinyin_initials(people, login, term, expected):
    assert names(login("committee_admin"), f"search={term}") == expected


def test_search_by_id_number_and_by_former_id_number(ctx, city, people, login):
    person = people["direct"]
    old = person.id_number
    membership.change_id_number(ctx, city.committee_admin, person, f.id_number(date(1980, 5, 17)),
                                "号码更正")
    client = login("committee_admin")

    assert names(client, f"search={old}") == {"张三"}
    assert names(client, f"search={person.id_number}") == {"张三"}
    assert names(client, f"search={f.id_number(date(1980, 5, 17))}") == set()


def test_query_never_shows_people_outside_the_jurisdiction(people, login):
    client = login("committee_admin")

    assert "孙外区" not in names(client, "search=sw")
    assert "孙外区" not in names(client, f"flt0_{OBJECT}=direct")
