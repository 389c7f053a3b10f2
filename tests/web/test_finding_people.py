"""Find people where the manual says "输入姓名或者身份证号码"; one "*" per label; Chinese text."""
import re
from datetime import date

import pytest
from flask import url_for
from sqlalchemy import select

from actions import clock
from actions.members import membership
from models import Flow
from tests import factories as f
from tests.web.test_every_view_is_scoped import model_views

TODAY = clock.today().isoformat()


@pytest.fixture
def flowing(ctx, city, login):
    """Two members of branch B1 flowing into branch A1a (not yet received)."""
    home = login("district_b_admin")
    people = [f.make_person(ctx, city.branch_b1, name=n, birth_date=date(1980 + i, 1, 2))
              for i, n in enumerate(("赵流动", "钱外出"))]
    for p in people:
        home.post(f"/admin/member/flow_out/?id={p.id}", data={
            "out_on": TODAY, "place": "甲区", "dest_org": city.branch_a1a.code, "reason": "务工"})
    return people


@pytest.mark.parametrize("term", ["赵", "zld", "ZLD", "id"])
def test_flowing_members_list_searches_by_name_initials_or_id_number(flowing, login, term):
    term = flowing[0].id_number if term == "id" else term

    html = login("district_b_admin").get(f"/admin/flowing/?search={term}").get_data(as_text=True)

    assert "赵流动" in html and "钱外出" not in html
    assert 'name="search"' in html


@pytest.mark.parametrize("term", ["钱", "qwc", "id"])
def test_inflow_reception_searches_by_name_initials_or_id_number(flowing, login, term):
    term = flowing[1].id_number if term == "id" else term
    client = login("branch_admin")

    html = client.get(f"/admin/inflow_reception/?q={term}").get_data(as_text=True)

    assert "钱外出" in html and "赵流动" not in html
    assert '<label for="reception-q"' in html
    everyone = client.get("/admin/inflow_reception/").get_data(as_text=True)
    assert "钱外出" in everyone and "赵流动" in everyone


def test_information_query_finds_a_person_by_a_former_id_number(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1a, name="孙改号")
    old = p.id_number
    membership.change_id_number(ctx, city.branch_admin, p, f.id_number(date(1981, 3, 4)),
                                "号码更正")
    client = login("branch_admin")

    html = client.get(f"/admin/person_query/?action=query&object=direct&mode=all"
                      f"&t_id_number={old}").get_data(as_text=True)

    assert "孙改号" in html
    other = f.id_number(date(1990, 1, 1))
    assert "孙改号" not in client.get("/admin/person_query/?action=query&object=direct&mode=all"
                                      f"&t_id_number={other}").get_data(as_text=True)


def test_information_query_counts_received_inflow_members_in_its_inflow_object(ctx, city, login,
                                                                               flowing):
    flow = ctx.execute(select(Flow).where(Flow.person_id == flowing[0].id)).scalar_one()
    client = login("branch_admin")
    client.post("/admin/inflow_reception/receive/", data={"flow_id": str(flow.id)})

    html = client.get("/admin/person_query/?action=all&object=inflow&mode=own").get_data(
        as_text=True)

    assert "赵流动" in html and "钱外出" not in html  # only the received one
    assert "赵流动" not in login("sibling_admin").get(
        "/admin/person_query/?action=all&object=inflow&mode=all").get_data(as_text=True)


def test_every_form_shows_one_star_per_required_label_and_chinese_pickers(app, ctx, city, login):
    client = login("branch_admin")
    problems = []
    for view in model_views(app):
        with app.test_request_context():
            urls = ([url_for(f"{view.endpoint}.create_view")] if view.allow_create else [])
        for url in urls:
            html = client.get(url).get_data(as_text=True)
            for label in re.findall(r"<label[^>]*>(.*?)</label>", html, re.S):
                text = re.sub(r"<[^>]+>", "", label).replace("&#42;", "*")
                if text.count("*") > 1:
                    problems.append((url, re.sub(r"\s+", " ", text)))
            if "请选择模型" in html or "Please select" in html:
                problems.append((url, "untranslated picker text"))

    assert problems == [], problems
