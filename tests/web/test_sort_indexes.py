"""Every sortable column of the person lists is served by an index, in a stable order."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import UniqueConstraint, event

from models import Person, db
from tests import factories as f
from tests.web.test_every_view_is_scoped import model_views
from views import base


def _orders_fully(column) -> bool:
    """A primary key or a unique column: its own order has no ties to break."""
    table = column.table
    return column.primary_key or column.unique or any(
        len(c.columns) == 1 and column.name in c.columns
        for c in table.constraints if isinstance(c, UniqueConstraint))


def test_every_sortable_column_of_every_list_is_served_by_an_index(app):
    unserved = []
    for view in model_views(app):
        for name in view._sortable_columns:
            column = view.sort_column(name)
            if column is None:
                if name not in getattr(view, "sorted_by_own_code", ()):
                    unserved.append((view.endpoint, name, "not a column of the table"))
            elif not (_orders_fully(column) or view._sort_index(name) is not None):
                unserved.append((view.endpoint, name))

    assert len(model_views(app)) > 20
    assert unserved == []


def test_every_default_order_of_one_column_walks_its_sort_index(app):
    for view in model_views(app):
        name, _desc = view._default_sort()
        if name is None:
            continue
        column = view.sort_column(name)
        assert _orders_fully(column) or view._sort_index(name) is not None, view.endpoint


def _names_in(html: str) -> list[str]:
    return re.findall(r"排序\d", html)


def test_a_list_sorted_by_a_date_walks_its_index_in_one_stable_order(ctx, city, login,
                                                                     monkeypatch):
    born = [date(1990, 1, 1), date(1985, 6, 1), date(1990, 1, 1), date(1970, 3, 3)]
    orgs = [city.branch_a1b, city.branch_a1a, city.branch_a1a, city.branch_a1b]
    people = [f.make_person(ctx, org, name=f"排序{i}", birth_date=b)
              for i, (b, org) in enumerate(zip(born, orgs, strict=True))]
    monkeypatch.setattr(base, "SORT_BY_INDEX_ROWS", 0)  # any scope counts as large here
    statements = []
    engine = db.engine

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        client = login("district_admin")
        column = _column_index(client, "出生日期")
        up = _names_in(client.get(f"/admin/direct_member/?sort={column}").get_data(as_text=True))
        down = _names_in(client.get(f"/admin/direct_member/?sort={column}&desc=1")
                       .get_data(as_text=True))
    finally:
        event.remove(engine, "before_cursor_execute", seen)

    expected = [p.name for p in sorted(people, key=lambda p: (p.birth_date, p.org_path, p.id))]
    assert up == expected
    assert down == expected[::-1]
    if engine.dialect.name == "sqlite":
        assert any("INDEXED BY ix_person_birth_date_org_path" in s for s in statements)


def _column_index(client, label: str) -> int:
    html = client.get("/admin/direct_member/").get_data(as_text=True)
    found = re.search(r'href="[^"]*sort=(\d+)[^"]*"[^>]*>\s*' + label, html)
    assert found, f"{label} is a sortable column"
    return int(found.group(1))


def test_a_date_sort_index_holds_every_column_a_list_category_tests():
    """People a sorted list does not show (applicants have no 入党日期) are passed over on the
    index entry, without reading their row: the category's columns are in the index."""
    from sqlalchemy import Column
    from sqlalchemy.sql import visitors

    from actions.members import categories
    from models.person import SORT_INDEXED

    indexes = {ix.name: [c.name for c in ix.columns] for ix in Person.__table__.indexes}
    for key in ("direct", "inflow", "members", "full", "probationary", "applicant"):
        tested = {c.name for c in visitors.iterate(categories.clause(key))
                  if isinstance(c, Column)}
        for column in SORT_INDEXED:
            held = indexes[f"ix_person_{column}_org_path"]
            assert held[:3] == [column, "org_path", "id"]
            assert tested <= set(held), (key, column, tested - set(held))


def test_a_wide_jurisdiction_reaching_people_flowing_in_walks_the_tree_order_index(
        ctx, city, login, monkeypatch):
    """党员快速查询 (home roll OR where he is now): a wide jurisdiction's list walks the
    (org_path, id) index instead of collecting both ranges; the page lists the same people."""
    from actions import scoping

    people = [f.make_person(ctx, org, name=f"排序{i}")
              for i, org in enumerate([city.branch_a1b, city.branch_a1a, city.branch_b1])]
    people[2].status, people[2].here_path = "flowing", city.branch_a1a.path
    ctx.commit()
    client = login("district_admin")
    narrow = _names_in(client.get("/admin/member_query/").get_data(as_text=True))
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    monkeypatch.setattr(scoping, "LIST_READS", -1)  # any jurisdiction is wide here
    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        wide = _names_in(client.get("/admin/member_query/").get_data(as_text=True))
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)

    expected = [p.name for p in sorted(people, key=lambda p: (p.org_path, p.id))]
    assert narrow == wide == expected
    if db.engine.dialect.name == "sqlite":
        assert any("INDEXED BY ix_person_org_path_id" in s for s in statements)


def test_a_link_sorting_by_a_column_that_is_not_sortable_lists_in_the_default_order(
        ctx, city, login):
    """?sort= naming a column without a sort index (an old bookmark, an edited link) gives
    the list's default order, never rows in no order at all."""
    from models import DuesPayment

    for n in range(3):
        f.build_in(ctx, DuesPayment, city.branch_a1a, n)
    client = login("district_admin")
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    listed = client.get("/admin/dues_record/").get_data(as_text=True)
    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        resp = client.get("/admin/dues_record/?sort=2")  # 起始月份: listed, not sortable
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)

    assert resp.status_code == 200
    assert any("ORDER BY dues_payment.month_to DESC" in s for s in statements)
    assert re.findall(r"排序\d|" + f.MARK + r"\d", resp.get_data(as_text=True)) == \
        re.findall(r"排序\d|" + f.MARK + r"\d", listed)
