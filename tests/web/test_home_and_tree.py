"""The home page and the organisation tree show live counts of the user's jurisdiction."""
import re

from tests import factories as f


def stat(html, stage):
    match = re.search(rf'data-stage="{stage}">\s*<div class="card-body">\s*<div class="h3 mb-0">(\d+)', html)
    return int(match.group(1))


def test_home_counts_people_by_stage_in_the_jurisdiction_live(ctx, city, login):
    f.make_person(ctx, city.branch_a1a, stage="full")
    f.make_person(ctx, city.branch_a1b, stage="probationary")
    f.make_person(ctx, city.branch_a1b, stage="activist")
    f.make_person(ctx, city.branch_b1, stage="full")
    client = login("district_admin")

    first = client.get("/admin/").get_data(as_text=True)
    f.make_person(ctx, city.branch_a1a, stage="full")
    second = client.get("/admin/").get_data(as_text=True)

    assert (stat(first, "full"), stat(first, "probationary"), stat(first, "activist")) == (1, 1, 1)
    assert stat(second, "full") == 2


def test_home_lists_new_members_waiting_for_approval_below_the_user(ctx, city, login):
    f.make_person(ctx, city.branch_a1a, status="pending")

    district = login("district_admin").get("/admin/").get_data(as_text=True)
    branch = login("branch_admin").get("/admin/").get_data(as_text=True)

    waiting = re.compile(r'id="waiting">(.*?)</ul>', re.S)
    assert "待审批党员" in waiting.search(district).group(1)
    assert "待审批党员" not in (waiting.search(branch) or re.match("", "")).group(0)


def test_tree_shows_children_with_direct_and_subtree_member_counts(ctx, city, login):
    for _ in range(3):
        f.make_person(ctx, city.branch_a1a)
    f.make_person(ctx, city.branch_a1b)
    f.make_person(ctx, city.committee_a1)
    f.make_person(ctx, city.branch_a1a, stage="applicant")
    client = login("district_admin")

    top = client.get("/admin/orgtree/").get_data(as_text=True)
    inner = client.get(f"/admin/orgtree/?id={city.committee_a1.id}").get_data(as_text=True)

    row = re.search(r"中共甲区第一医院委员会</a>.*?</tr>", top, re.S).group(0)
    assert re.findall(r'text-right">(\d+)<', row) == ["2", "1", "5"]
    assert "中共甲区第一医院内科支部委员会" in inner and "中共乙区" not in inner


def test_tree_refuses_an_organisation_outside_scope(ctx, city, login):
    client = login("district_admin")

    assert client.get(f"/admin/orgtree/?id={city.branch_b1.id}").status_code == 404
    assert client.get("/admin/orgtree/?id=abc").status_code == 404


def test_tree_totals_count_the_whole_subtree_once_including_dissolved_children(ctx, city, login):
    f.make_person(ctx, city.district_a)  # the district's own member
    f.make_person(ctx, city.branch_a1a)
    f.make_person(ctx, city.branch_a1b)
    dissolved = f.make_org(ctx, city.district_a, "中共甲区已撤销支部委员会", suffix="009")
    f.make_person(ctx, dissolved)
    dissolved.status = "dissolved"
    ctx.commit()

    html = login("district_admin").get("/admin/orgtree/").get_data(as_text=True)

    assert re.search(r"本级党员 <strong>1</strong> 人 · 含下级 <strong>4</strong> 人", html)
    assert "中共甲区已撤销支部委员会" not in html  # not listed, but its member is counted
