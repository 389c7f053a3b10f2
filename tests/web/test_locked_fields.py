"""Stage, status, management and organisation change only through their actions, never by an edit.

Every edit form of every registered view is walked: those fields are absent or read-only with a
hint, and posting them by hand (on top of the form's own values) changes nothing.
"""
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from flask import url_for
from sqlalchemy import inspect

from actions import clock
from models import Person
from tests import factories as f
from tests.web.test_every_view_is_scoped import fixed_values, model_views

LOCKED = ("stage", "status", "management", "org", "org_id", "org_path", "joined_on", "full_on")


class FormValues(HTMLParser):
    """The values an edit page would post as it is: inputs, selected options, text areas."""

    def __init__(self):
        super().__init__()
        self.values, self.disabled, self._select, self._area = {}, set(), None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "checkbox"):
            if "disabled" in a:
                self.disabled.add(name)
            else:
                self.values[name] = a.get("value") or ""
        elif tag == "input" and "disabled" in a and a.get("id"):
            self.disabled.add(a["id"])
        elif tag == "select" and name:
            self._select = name
            if "disabled" in a:
                self.disabled.add(name)
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._area = name
            self.values[name] = ""

    def handle_data(self, data):
        if self._area:
            self.values[self._area] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._area = None


def parse(html: str) -> FormValues:
    parser = FormValues()
    parser.feed(html)
    return parser


def locked_state(ctx, person_id):
    ctx.expire_all()
    p = ctx.get(Person, person_id)
    return {k: getattr(p, k) for k in ("stage", "status", "management", "org_id", "org_path",
                                       "joined_on", "full_on")}


def test_no_edit_form_of_any_view_can_change_stage_status_management_or_organisation(
        app, ctx, city, login):
    client = login("branch_admin")
    problems, walked = [], []
    for view in model_views(app):
        if not view.allow_edit:
            continue
        row = f.build_in(ctx, view.model, city.branch_a1a, 1, **fixed_values(view))
        person = row if isinstance(row, Person) else getattr(row, "person", None)
        if person is None:
            continue  # an organisation's or a user's own records: not a person's stage or roll
        pk = inspect(row).identity[0]
        with app.test_request_context():
            edit = url_for(f"{view.endpoint}.edit_view", id=pk)
            ajax = url_for(f"{view.endpoint}.ajax_update")
        page = client.get(edit)
        if page.status_code != 200:
            continue
        walked.append(view.endpoint)
        form = parse(page.get_data(as_text=True))
        editable = [n for n in LOCKED if n in form.values]
        if editable:
            problems.append((view.endpoint, "editable", editable))
        columns = {c.key for c in inspect(type(row)).column_attrs}
        before_row = {k: getattr(row, k) for k in LOCKED if k in columns}
        before = locked_state(ctx, person.id)
        by_hand = {**form.values, "stage": "full", "status": "transferred_out",
                   "management": "inflow", "org": str(city.branch_a1b.id),
                   "org_id": str(city.branch_a1b.id), "org_path": city.branch_a1b.path,
                   "joined_on": "2000-01-01", "full_on": clock.today().isoformat()}
        client.post(edit, data=by_hand)
        for name in ("stage", "status", "management", "org"):
            client.post(ajax, data={"list_form_pk": str(pk), name: by_hand[name]})
        if locked_state(ctx, person.id) != before:
            problems.append((view.endpoint, "changed", locked_state(ctx, person.id), before))
        ctx.expire_all()
        again = ctx.get(type(row), pk)
        after_row = {k: getattr(again, k) for k in before_row}
        if after_row != before_row:
            problems.append((view.endpoint, "row changed", after_row, before_row))

    assert problems == [], problems
    assert {"direct_member", "inflow_member", "activist", "returned_member"} <= set(walked)


def test_editing_a_probationary_member_as_full_keeps_him_probationary_and_files_nothing(
        ctx, city, login):
    joined = clock.today() - timedelta(days=150)
    p = f.make_person(ctx, city.branch_a1b, name="预备甲", stage="probationary", joined_on=joined)
    client = login("district_admin")
    edit = f"/admin/direct_member/edit/?id={p.id}"
    values = parse(client.get(edit).get_data(as_text=True)).values

    client.post(edit, data={**values, "stage": "full", "full_on": clock.today().isoformat(),
                            "job": "医生"})

    state = locked_state(ctx, p.id)
    assert (state["stage"], state["full_on"], state["joined_on"]) == ("probationary", None, joined)
    assert ctx.get(Person, p.id).job == "医生"  # the rest of the form was saved


@pytest.mark.parametrize("endpoint, values", [
    ("direct_member", {"stage": "probationary"}),
    ("inflow_member", {"management": "inflow"}),
    ("activist", {"stage": "activist"}),
])
def test_edit_forms_show_the_locked_fields_read_only_with_the_action_to_use(ctx, city, login,
                                                                          endpoint, values):
    p = f.make_person(ctx, city.branch_a1b, **values)

    html = login("sibling_admin").get(f"/admin/{endpoint}/edit/?id={p.id}").get_data(as_text=True)
    form = parse(html)

    assert {"stage", "org"} <= form.disabled
    assert "关系转出" in html and "转正" in html and "党籍变动" in html
