"""The member page (/admin/member/?id=N): tabs from views.members.tabs plus the person's actions."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_admin import expose
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from actions import clock
from actions.members import approvals
from actions.members import flows
from actions.members import membership
from actions.orgs import tree as orgs
from actions.errors import DomainError, NotInScope
from actions.scoping import in_scope, is_strictly_below
from models import AuditLog, Flow, Organization, Person, Transfer, db
from models.codes import (
    CATEGORY,
    DECISION,
    DEGREE,
    DIRECTION,
    EDUCATION,
    ETHNICITY,
    FLOW_STATUS,
    MANAGEMENT,
    SEX,
    STAGE,
    STATUS,
    STATUS_CHANGE,
    STATUS_CHANGE_LEAVING,
    TRANSFER_STATUS,
)

from views.audit_log import local_time
from views.base import SecureBaseView, user_has
from views.members.tabs import register_tab, tabs_for

CODES = dict(SEX=SEX, ETHNICITY=ETHNICITY, EDUCATION=EDUCATION, DEGREE=DEGREE, CATEGORY=CATEGORY,
             STAGE=STAGE, STATUS=STATUS, MANAGEMENT=MANAGEMENT, STATUS_CHANGE=STATUS_CHANGE,
             STATUS_CHANGE_LEAVING=STATUS_CHANGE_LEAVING,
             DECISION=DECISION, DIRECTION=DIRECTION, TRANSFER_STATUS=TRANSFER_STATUS,
             FLOW_STATUS=FLOW_STATUS)


def parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def find_org(text: str | None) -> Organization | None:
    """An active organisation anywhere in the city, by exact code or full name."""
    return orgs.find_org(db.session, text, active_only=True)


def _tab(template: str, extra):
    def render(person):
        return render_template(template, p=person, codes=CODES, **extra(person))
    return render


def _basic(person):
    return {"former": membership.former_numbers(db.session, person.id),
            "decisions": approvals.decisions(db.session, person.id)}


def _status(person):
    return {"changes": membership.history(db.session, person.id), "today": clock.today()}


def _transfers(person):
    rows = db.session.execute(select(Transfer).where(Transfer.person_id == person.id)
                              .order_by(Transfer.id.desc())).scalars().all()
    return {"transfers": rows}


def _flows(person):
    rows = db.session.execute(select(Flow).where(Flow.person_id == person.id)
                              .order_by(Flow.id.desc())).scalars().all()
    return {"flows": rows, "today": clock.today()}


def _history(person):
    rows = db.session.execute(select(AuditLog).where(AuditLog.person_id == person.id)
                              .order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(200)).scalars()
    return {"entries": [(local_time(e.at), e) for e in rows]}


register_tab("basic", "基本信息", _tab("members/tab_basic.html", _basic), order=10)
register_tab("status", "党籍变动", _tab("members/tab_status.html", _status), order=70)
register_tab("transfers", "组织关系转接", _tab("members/tab_transfers.html", _transfers),
             order=80)
register_tab("flows", "流动", _tab("members/tab_flows.html", _flows), order=85)
register_tab("history", "操作记录", _tab("members/tab_history.html", _history),
             order=200)


class MemberPageView(SecureBaseView):
    """One person's full record, with the actions an operator takes on it."""

    def is_visible(self):
        return False

    def _person(self, pid=None) -> Person:
        try:
            pid = int(pid if pid is not None else request.values.get("id", ""))
        except ValueError:
            abort(404)
        person = db.session.get(Person, pid)
        if person is None or not in_scope(person, current_user):
            abort(404)
        return person

    def _back(self, person, tab="basic"):
        return redirect(url_for(".index", id=person.id, tab=tab))

    def _run(self, person, tab, fn, done: str):
        if not user_has("operator"):
            abort(403)
        try:
            fn()
        except DomainError as err:
            db.session.rollback()
            flash(err.message, "error")
        else:
            flash(done, "success")
        if person is not None and not in_scope(person, current_user):
            return redirect(url_for("admin.index"))
        return self._back(person, tab)

    @expose("/")
    def index(self):
        person = self._person()
        tabs = tabs_for(person)
        key = request.args.get("tab") or (tabs[0].key if tabs else "")
        current = next((t for t in tabs if t.key == key), tabs[0] if tabs else None)
        can_decide = (person.status == "pending" and is_strictly_below(person.org_path, current_user))
        return self.render("members/page.html", p=person, tabs=tabs, current=current,
                           body=Markup(current.render(person)) if current else "", codes=CODES,
                           can_decide=can_decide, can_write=user_has("operator"),
                           edit_url=self._edit_url(person))

    @staticmethod
    def _edit_url(person):
        if person.status == "returned":
            return url_for("returned_member.edit_view", id=person.id)
        if person.status != "normal":
            return None
        if person.management == "inflow":
            return url_for("inflow_member.edit_view", id=person.id)
        if person.stage == "activist":
            return url_for("activist.edit_view", id=person.id)
        if person.stage in ("probationary", "full"):
            return url_for("direct_member.edit_view", id=person.id)
        return None

    @expose("/approve/", methods=("POST",))
    def approve(self):
        person = self._person()
        version = request.form.get("version", type=int)
        return self._run(person, "basic", lambda: approvals.approve(
            db.session, current_user, person.id, version, request.form.get("note")),
            "已审批通过，该人员已成为直管党员")

    @expose("/reject/", methods=("POST",))
    def reject(self):
        person = self._person()
        version = request.form.get("version", type=int)
        return self._run(person, "basic", lambda: approvals.reject(
            db.session, current_user, person.id, request.form.get("reason"), version),
            "已退回送审组织")

    @expose("/resubmit/", methods=("POST",))
    def resubmit(self):
        person = self._person()
        return self._run(person, "basic", lambda: approvals.resubmit(
            db.session, current_user, person.id), "已重新送审")

    @expose("/change_id/", methods=("POST",))
    def change_id(self):
        person = self._person()
        return self._run(person, "basic", lambda: membership.change_id_number(
            db.session, current_user, person, request.form.get("new_number"),
            request.form.get("reason"), parse_date(request.form.get("changed_on"))),
            "身份证号码已更改，原号码保留在更改记录中")

    @expose("/status/", methods=("POST",))
    def status(self):
        person = self._person()
        on, reason = parse_date(request.form.get("changed_on")), request.form.get("reason")
        if request.form.get("kind") == "restore":
            fn = lambda: membership.restore(db.session, current_user, person, on, reason)  # noqa
        else:
            fn = lambda: membership.change_status(  # noqa: E731
                db.session, current_user, person, request.form.get("kind"), on, reason)
        return self._run(person, "status", fn, "党籍变动已登记")

    @expose("/flow_out/", methods=("POST",))
    def flow_out(self):
        person = self._person()
        form = request.form
        dest_text = (form.get("dest_org") or "").strip()
        dest = find_org(dest_text)

        def act():
            if dest_text and dest is None:
                raise DomainError("系统内找不到该流入党组织（请填组织代码或全称），系统外的请填写流入单位")
            flows.flow_out(db.session, current_user, person, flows.FlowFields(
                out_on=parse_date(form.get("out_on")), place=form.get("place", ""),
                reason=form.get("reason", ""), dest_org_id=dest.id if dest else None,
                dest_unit=form.get("dest_unit"), contact=form.get("contact"),
                expected_return_on=parse_date(form.get("expected_return_on"))))
        return self._run(person, "flows", act, "已登记流出")

    @expose("/flow_return/", methods=("POST",))
    def flow_return(self):
        person = self._person()
        flow = db.session.get(Flow, request.form.get("flow_id", type=int) or 0)
        if flow is None or flow.person_id != person.id:
            abort(404)
        return self._run(person, "flows", lambda: flows.flow_return(
            db.session, current_user, flow, parse_date(request.form.get("returned_on"))),
            "已登记返回")

    @expose("/convert/", methods=("POST",))
    def convert(self):
        person = self._person()
        return self._run(person, "basic", lambda: flows.convert_to_direct(
            db.session, current_user, person), "已转为直管党员")

    def handle_view_exception(self, exc):
        if isinstance(exc, NotInScope):
            abort(404)
        return super().handle_view_exception(exc)
