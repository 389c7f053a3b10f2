"""The city manual's short paths: 转正 of probationary members and 补录入党 of activists.

Both record facts decided outside the platform (actions.development.recorded); the lists of the
full development process stay as they are.
"""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from actions.development import recorded
from actions.scoping import scope
from models import Person, db
from views.base import SecureBaseView, user_has
from views.development import forms as F
from views.development.common import scoped
from views.development.lists import ProbationaryView
from views.field_checks import checks_fields
from views.helpers import run_action
from views.members.entry import rows_for_ids
from views.members.lists import person_search

LIMIT = 200


def _found(stage: str, term: str) -> list[Person]:
    stmt = scope(select(Person), current_user, Person).where(
        Person.stage == stage, Person.status == "normal")
    for word in (term or "").split():
        stmt = stmt.where(person_search(word))
    return list(db.session.execute(stmt.order_by(Person.org_path, Person.id).limit(LIMIT))
                .scalars())


def _convert_link(view, context, model, name):
    if not recorded.convertible(db.session, model):
        return ""
    url = url_for("dev_shortcuts.convert", person_id=model.id)
    return Markup(f'<a class="btn btn-sm btn-outline-primary convert-link" href="{url}">转正</a>')


def _convert_on_end(person: Person):
    """转正 on the day the probation year ends (a superior's approval is asked where needed)."""
    end = recorded.probation_end(db.session, person)
    return recorded.convert(db.session, current_user, person, end)


class ProbationaryWithConversion(ProbationaryView):
    """预备党员 with the manual's 转正 button for those whose probation year has ended."""

    column_list = ProbationaryView.column_list + ["convert"]
    column_labels = {**ProbationaryView.column_labels, "convert": "转正"}
    column_formatters = {**ProbationaryView.column_formatters, "convert": _convert_link}
    action_roles = {"convert_on_end": "operator"}

    @action("convert_on_end", "转正（预备期满之日）",
            "确定为勾选的预备党员办理转正？转正日期为各自预备期满之日；须上级审批的将送审。")
    def action_convert(self, ids):
        done = sent = 0
        for person in rows_for_ids(self, ids):
            ok, outcome = run_action(_convert_on_end, person, prefix=f"{person.name}：")
            if ok:
                sent, done = sent + outcome.submitted, done + (not outcome.submitted)
        flash(f"已转正 {done} 人，已送审 {sent} 人", "success" if done or sent else "warning")


class ShortPathView(SecureBaseView):
    """Forms of the short paths: search a person, enter the dates, confirm."""

    required_role = "operator"

    @expose("/")
    def index(self):
        return self.render("development/shortcut_index.html")

    def _person(self) -> Person | None:
        """The person chosen from the search (`person_id` in the query string), in scope."""
        pid = request.args.get("person_id")
        return scoped(Person, request.args.get("person_id", type=int) or 0) if pid else None

    @expose("/convert/", methods=("GET", "POST"))
    @checks_fields
    def convert(self):
        person = self._person()
        end = recorded.probation_end(db.session, person) if person is not None else None
        form = F.ConvertForm(request.form) if request.method == "POST" else F.ConvertForm(
            full_on=end)
        if person is not None and request.method == "POST" and form.validate():
            ok, outcome = run_action(recorded.convert, db.session, current_user, person,
                                     form.full_on.data, form.meeting_on.data, form=form)
            if ok:
                flash("已送审：须经上级党委审批后转为正式党员" if outcome.submitted
                      else f"{person.name} 已转为正式党员", "success")
                return redirect(url_for("member.index", id=person.id))
        term = request.args.get("q", "")
        found = _found("probationary", term) if term and person is None else []
        return self.render("development/shortcut_convert.html", person=person, term=term,
                           found=found, end=end, form=form,
                           convertible=lambda p: recorded.convertible(db.session, p),
                           can_write=user_has("operator"))

    @expose("/admit/", methods=("GET", "POST"))
    @checks_fields
    def admit(self):
        person = self._person()
        form = F.AdmitForm(request.form if request.method == "POST" else None)
        if person is not None and request.method == "POST" and form.validate():
            ok, outcome = run_action(recorded.admit, db.session, current_user, person,
                                     F.admission(form), form=form)
            if ok:
                flash("已补录并送上级党委审批" if outcome.submitted
                      else f"已补录：{person.name} 为预备党员", "success")
                return redirect(url_for("member.index", id=person.id))
        term = request.args.get("q", "")
        found = _found("activist", term) if term and person is None else []
        return self.render("development/shortcut_admit.html", person=person, term=term,
                           found=found, form=form,
                           needs_parent=bool(person and person.org.requires_approval))
