"""Every registered admin view, found automatically, keeps each user inside their jurisdiction.

A view added later is covered here without a new test: it only has to derive from the secure
base views. Rows are made by tests.factories.build_in (generic for person records; models with
special needs register a builder there).
"""
from __future__ import annotations

import io
import zipfile

import pytest
from flask import url_for
from sqlalchemy import inspect
from sqlalchemy.sql.elements import BinaryExpression, BooleanClauseList
from sqlalchemy.sql.operators import eq, in_op

from tests import factories as f
from views.base import SecureAccess, SecureModelView

SIBLING, OWN, OTHER_DISTRICT, REMOTE = 1, 2, 3, 4


@pytest.fixture(autouse=True, params=["collected", "looked_up"])
def scope_plan(request, monkeypatch):
    """Every test runs under both plans of a jurisdiction: its people collected first (IN), and
    each row's person or organisation looked up by key (a wide jurisdiction)."""
    if request.param == "looked_up":
        from actions import scoping

        monkeypatch.setattr(scoping, "LIST_READS", -1)  # every jurisdiction is wide
    return request.param


def mark(n: int) -> str:
    return f"{f.MARK}{n}"


def model_views(app):
    return [v for v in app.extensions["admin"][0]._views if isinstance(v, SecureModelView)]


def fixed_values(view) -> dict:
    """Column values a row needs to be listed by a view with fixed `where` conditions."""
    values = dict(getattr(view, "sample_values", {}) or {})
    conds = list(getattr(view, "where", ()) or ())
    while conds:
        cond = conds.pop(0)
        if isinstance(cond, BooleanClauseList):
            conds.extend(cond.clauses)
        elif isinstance(cond, BinaryExpression) and hasattr(cond.left, "key"):
            right = cond.right
            if cond.operator is eq and hasattr(right, "value"):
                values[cond.left.key] = right.value
            elif cond.operator is in_op and hasattr(right, "value") and right.value:
                values[cond.left.key] = list(right.value)[0]
    # A view listing rows by a condition other than equality names a row it lists.
    values.update(getattr(view, "listed_row", lambda: {})())
    return values


def snapshot(session, model, pk):
    session.expire_all()
    row = session.get(model, pk)
    if row is None:
        return None
    return {c.key: getattr(row, c.key) for c in inspect(model).column_attrs}


def text_of(resp) -> str:
    data = resp.get_data()
    if data[:2] == b"PK":  # xlsx: look inside every part
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    return data.decode("utf-8", "replace")


def test_every_admin_view_uses_the_secure_base(app):
    admin = app.extensions["admin"][0]

    insecure = [v.endpoint for v in admin._views if not isinstance(v, SecureAccess)]
    overridden = [
        (v.endpoint, name) for v in model_views(app)
        for name in ("can_create", "can_edit", "can_delete", "can_export", "get_query", "get_one")
        if getattr(type(v), name) is not getattr(SecureModelView, name)
        and name not in ("get_query",)
    ]

    assert insecure == []
    assert overridden == []
    assert len(model_views(app)) >= 5


def test_every_admin_url_sends_anonymous_users_to_login(app, client):
    rules = [r for r in app.url_map.iter_rules()
             if r.rule.startswith("/admin") and not r.endpoint.endswith("static")]

    leaks = []
    for rule in rules:
        url = rule.rule
        for arg in rule.arguments:
            url = url.replace(f"<{arg}>", "csv").replace(f"<path:{arg}>", "x").replace(f"<int:{arg}>", "1")
        method = "GET" if "GET" in rule.methods else "POST"
        resp = client.open(url, method=method, data={})
        if not (resp.status_code in (302, 400) and (resp.status_code == 400 or "/login" in resp.headers.get("Location", ""))):
            leaks.append((rule.rule, method, resp.status_code))

    assert len(rules) > 20
    assert leaks == []


def test_branch_user_cannot_reach_sibling_rows_through_any_view(app, ctx, city, login):
    client = login("branch_admin")
    problems = []
    remote_made = set()

    for view in model_views(app):
        where = fixed_values(view)
        sibling = f.build_in(ctx, view.model, city.branch_a1b, SIBLING, **where)
        f.build_in(ctx, view.model, city.branch_a1a, OWN, **where)
        pk = inspect(sibling).identity[0]
        before = snapshot(ctx, view.model, pk)
        with app.test_request_context():
            ep = view.endpoint
            urls = {name: url_for(f"{ep}.{name}") for name in
                    ("index_view", "details_view", "edit_view", "delete_view", "action_view",
                     "ajax_update", "ajax_lookup")}
            exports = [url_for(f"{ep}.export", export_type=t) for t in view.export_types]

        listing = client.get(urls["index_view"])
        if listing.status_code != 200 or mark(SIBLING) in text_of(listing):
            problems.append((ep, "list shows sibling row"))
        if mark(OWN) not in text_of(listing):
            problems.append((ep, "list does not show the user's own row"))
        for name in ("details_view", "edit_view"):
            resp = client.get(f"{urls[name]}?id={pk}")
            if resp.status_code == 200 and mark(SIBLING) in text_of(resp):
                problems.append((ep, f"{name} opens sibling row"))
        client.post(f"{urls['edit_view']}?id={pk}", data={"name": "篡改"})
        client.post(urls["delete_view"], data={"id": str(pk), "url": urls["index_view"]})
        client.post(urls["ajax_update"], data={"list_form_pk": str(pk), "name": "篡改"})
        for action in view._actions_data:
            client.post(urls["action_view"], data={"action": action, "rowid": str(pk)})
        if snapshot(ctx, view.model, pk) != before:
            problems.append((ep, "a write changed the sibling row"))
        for url in exports:
            resp = client.get(url)
            if mark(SIBLING) in text_of(resp) or (resp.status_code == 200 and mark(OWN) not in text_of(resp)):
                problems.append((ep, f"export {url} is not scoped"))
        for ref, loader in view._form_ajax_refs.items():
            if loader.model not in remote_made:
                f.build_in(ctx, loader.model, city.branch_a1b, REMOTE)
                remote_made.add(loader.model)
            resp = client.get(urls["ajax_lookup"], query_string={"name": ref, "query": "", "limit": 100000})
            if mark(REMOTE) in text_of(resp) or len(resp.get_json() or []) > 20:
                problems.append((ep, f"ajax lookup {ref} leaks or is uncapped"))

    assert problems == [], problems


def test_district_user_sees_its_whole_subtree_and_nothing_beside_it(app, ctx, city, login):
    client = login("district_admin")
    problems = []

    for view in model_views(app):
        if getattr(view, "own_org_only", False):
            continue
        where = fixed_values(view)
        f.build_in(ctx, view.model, city.branch_a1a, SIBLING, **where)
        f.build_in(ctx, view.model, city.branch_a1b, OWN, **where)
        f.build_in(ctx, view.model, city.branch_b1, OTHER_DISTRICT, **where)
        with app.test_request_context():
            index = url_for(f"{view.endpoint}.index_view")
            export = url_for(f"{view.endpoint}.export", export_type="csv")

        for url in (index, export):
            body = text_of(client.get(url))
            if mark(SIBLING) not in body or mark(OWN) not in body:
                problems.append((view.endpoint, url, "misses rows of its subtree"))
            if mark(OTHER_DISTRICT) in body:
                problems.append((view.endpoint, url, "shows another district's row"))

    assert problems == [], problems


def test_a_member_flowing_in_is_reached_where_he_is_now_and_by_no_third_organisation(
        app, ctx, city, login):
    """Rows of a person of district B received by branch A1a: the views marked `scope_present`
    show them to A1a and to the home district; every view hides them from the sibling A1b; no
    write of A1a through a view changes his roll (name, stage, status, organisation)."""
    from models import Person

    problems = []
    clients = {u: login(u) for u in ("branch_admin", "sibling_admin", "district_b_admin")}
    for view in model_views(app):
        where = fixed_values(view)
        row = f.build_in(ctx, view.model, city.branch_b1, OTHER_DISTRICT, **where)
        person = row if isinstance(row, Person) else getattr(row, "person", None)
        if person is None:
            continue
        person.status = "flowing"
        person.here_path = city.branch_a1a.path
        ctx.commit()
        pk = inspect(row).identity[0]
        roll = (person.name, person.stage, person.status, person.org_id, person.management)
        before = snapshot(ctx, view.model, pk)
        with app.test_request_context():
            ep = view.endpoint
            index = url_for(f"{ep}.index_view")
            edit, action_url = url_for(f"{ep}.edit_view"), url_for(f"{ep}.action_view")
        seen = {u: mark(OTHER_DISTRICT) in text_of(c.get(index)) for u, c in clients.items()}
        if seen["sibling_admin"]:
            problems.append((ep, "a third organisation sees a member flowing elsewhere"))
        if view.scope_present and not (seen["branch_admin"] and seen["district_b_admin"]):
            problems.append((ep, "receiver or home does not see the member", seen))
        if not view.scope_present and seen["branch_admin"]:
            problems.append((ep, "a roll-only view shows a member who only flows in"))
        receiver = clients["branch_admin"]
        receiver.post(f"{edit}?id={pk}", data={
            "name": "篡改", "stage": "probationary", "status": "normal",
            "org": str(city.branch_a1a.id), "management": "inflow"})
        for action in view._actions_data:
            receiver.post(action_url, data={"action": action, "rowid": str(pk)})
        ctx.expire_all()
        person = ctx.get(Person, person.id)
        if (person.name, person.stage, person.status, person.org_id, person.management) != roll:
            problems.append((ep, "the receiving side changed the member's roll"))
        if not view.scope_present and snapshot(ctx, view.model, pk) != before:
            problems.append((ep, "the receiving side changed a row of a roll-only view"))
        # Leave nobody reachable from A1a for the next view.
        person.status = "normal"
        ctx.commit()

    assert problems == [], problems
    assert {v.endpoint for v in model_views(app) if v.scope_present} == RECEIVING_SIDE_VIEWS


# The screens on which the organisation a member flows into finds and keeps him.
RECEIVING_SIDE_VIEWS = {"inflow_member", "activist", "member_query", "activity_record",
                        "evaluation_record"}
