"""Finding your way: breadcrumbs, the find box of every page, the audit log people can read."""
from __future__ import annotations

from datetime import date

from tests import factories as f


def test_every_page_has_breadcrumbs_from_the_home_page_to_where_the_user_is(city, login):
    client = login("district_admin")

    home = client.get("/admin/").get_data(as_text=True)
    tree = client.get("/admin/orgtree/").get_data(as_text=True)

    assert 'id="breadcrumbs"' in home and 'aria-current="page">首页' in home
    crumbs = tree.split('id="breadcrumbs"')[1].split("</ol>")[0]
    assert crumbs.index("首页") < crumbs.index("党组织管理") < crumbs.index("组织树")


def test_the_find_box_on_every_page_finds_menu_entries_by_part_of_their_name(city, login):
    client = login("district_admin")

    assert 'id="find-box"' in client.get("/admin/orgtree/").get_data(as_text=True)
    page = client.get("/admin/find/?find=转").get_data(as_text=True)

    menu = page.split('id="find-menu"')[1].split("</ul>")[0]
    assert "转入" in menu and "转出" in menu and "困难党员" not in menu


def test_the_find_box_finds_people_by_name_id_number_or_initials_inside_the_jurisdiction(
        city, login, session):
    mine = f.make_person(session, city.branch_a1a, "欧阳明华", birth_date=date(1985, 3, 4))
    f.make_person(session, city.branch_b1, "欧阳明辉", birth_date=date(1986, 3, 4))
    client = login("district_admin")

    by_name = client.get("/admin/find/?find=欧阳").get_data(as_text=True)
    by_initials = client.get("/admin/find/?find=OYMH").get_data(as_text=True)
    by_id = client.get(f"/admin/find/?find={mine.id_number[:10]}").get_data(as_text=True)

    for page in (by_name, by_initials, by_id):
        assert "欧阳明华" in page and "欧阳明辉" not in page  # the other district's is not found
    assert f"/admin/member/?id={mine.id}" in by_name


def test_the_own_audit_log_shows_business_operations_and_keeps_logins_behind_a_link(
        city, login, session):
    f.make_person(session, city.root, "王五")
    client = login("city_admin")
    client = login("city_admin")  # a second login writes the last-login bookkeeping

    page = client.get("/admin/audit_own/").get_data(as_text=True)
    with_logins = client.get("/admin/audit_own/?logins=1").get_data(as_text=True)

    assert "王五" in page and "登录成功" not in page and "显示登录记录" in page
    assert "登录成功" in with_logins and "只看业务操作" in with_logins


def test_audit_details_show_the_change_as_chinese_labels_with_old_and_new_values(
        city, login, session):
    from models import AuditLog

    login("city_admin")
    login("city_admin")
    entry = session.query(AuditLog).filter(AuditLog.object_type == "app_user").order_by(
        AuditLog.id.desc()).first()
    client = login("city_admin")

    page = client.get(f"/admin/audit/details/?id={entry.id}").get_data(as_text=True)

    assert "audit-changes" in page and "影响行数" in page and "→" in page
    assert "UPDATE" not in page and "statement" not in page and "null" not in page


def test_organisations_are_found_by_part_of_the_code_or_name_and_by_pinyin_initials(city, login):
    client = login("city_admin")
    middle = city.branch_a1a.code[3:9]  # neither the start nor the whole code

    by_code = client.get(f"/admin/organization/?search={middle}").get_data(as_text=True)
    by_initials = client.get("/admin/organization/?search=nkzb").get_data(as_text=True)
    by_part = client.get("/admin/organization/?search=实验中学").get_data(as_text=True)

    assert city.branch_a1a.name in by_code
    assert city.branch_a1a.name in by_initials and city.branch_a1b.name not in by_initials
    assert city.branch_b1.name in by_part and city.branch_a1a.name not in by_part


def test_tree_children_and_search_stay_inside_the_jurisdiction(city, login):
    client = login("district_admin")

    own = client.get(f"/admin/orgtree/children/?id={city.committee_a1.id}").get_json()
    other = client.get(f"/admin/orgtree/children/?id={city.district_b.id}")
    found = client.get("/admin/orgtree/path/?q=nkzb").get_json()
    elsewhere = client.get("/admin/orgtree/path/?q=实验中学").get_json()

    assert {o["id"] for o in own} == {city.branch_a1a.id, city.branch_a1b.id}
    assert other.status_code == 404
    assert found["path"] == [city.district_a.id, city.committee_a1.id, city.branch_a1a.id]
    assert elsewhere["found"] is None


def _menu_groups(page: str) -> dict[str, list[str]]:
    """The main menu's groups and the entries in each."""
    import re

    menu = page.split('id="main-menu"')[1].split("</ul>")[0]
    groups = re.split(r'<a class="nav-link dropdown-toggle"[^>]*>', menu)[1:]
    return {g.split("<", 1)[0]: re.findall(r'class="dropdown-item[^"]*" href="[^"]*">([^<]+)<', g)
            for g in groups}


def test_the_settings_sit_in_the_one_system_menu_with_users_and_the_audit_log(city, login):
    admin = _menu_groups(login("city_admin").get("/admin/").get_data(as_text=True))
    viewer = _menu_groups(login("branch_viewer").get("/admin/").get_data(as_text=True))

    assert [g for g in admin if "系统" in g] == ["系统管理"]
    assert {"用户管理", "本级操作记录", "发展党员规则设置"} <= set(admin["系统管理"])
    assert "发展党员规则设置" not in viewer["系统管理"]


def test_a_menu_category_with_nothing_the_user_may_open_is_not_shown():
    from views.menu_groups import grouped_menu

    class Item:
        def __init__(self, name, children=None, open_=True):
            self.name, self.children, self.open_ = name, children, open_

        def is_category(self):
            return self.children is not None

        def get_children(self):
            return [c for c in self.children if c.open_]

        def is_visible(self):
            return True

        def is_accessible(self):
            return self.open_

    menu = [Item("系统管理", [Item("用户管理", open_=False)]), Item("其他", [Item("甲", open_=False)]),
            Item("查询统计", [Item("信息查询")])]

    assert [g["name"] for g in grouped_menu(menu)] == ["查询统计"]
