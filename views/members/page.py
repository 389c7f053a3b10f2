"""The member page (/admin/member/?id=N): tabs from views.members.tabs plus the person's actions."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_admin import expose
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from actions import clock
from actions.errors import DomainError, NotInScope
from actions.members import approvals, flows, membership
from actions.orgs import tree as orgs
from actions.scoping import in_scope, is_strictly_below, present_only
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
from views.field_checks import checks_fields
from views.helpers import run_action
from views.members import forms as F
from views.members.tabs import register_tab, tabs_for

CODES = dict(SEX=SEX, ETHNICITY=ETHNICITY, EDUCATION=EDUCATION, DEGREE=DEGREE, CATEGORY=CATEGORY,
             STAGE=STAGE, STATUS=STATUS, MANAGEMENT=MANAGEMENT, STATUS_CHANGE=STATUS_CHANGE,
             STATUS_CHANGE_LEAVING=STATUS_CHANGE_LEAVING,
             DECISION=DECISION, DIRECTION=DIRECTION, TRANSFER_STATUS=TRANSFER_STATUS,
             FLOW_STATUS=FLOW_STATUS)


def find_org(text: str | None) -> Organization | None:
    """An active organisation anywhere in the city, by exact code or full name."""
    return orgs.find_org(db.session, text, active_only=True)


def _tab(template: str, extra):
    def render(person):
        return render_template(template, p=person, codes=CODES, forms=g.get("member_forms", {}),
                               **extra(person))
    return render


def _receiving(person) -> bool:
    """The user reaches this person only because he flows into the user's subtree."""
    return present_only(person, current_user)


# Tabs the organisation a member flows into sees (actions.members.flows.RECEIVING_SIDE_RECORDS).
RECEIVING_TABS = ("basic", "flows") + tuple(f"records_{k}" for k in flows.RECEIVING_SIDE_RECORDS)


def _basic(person):
    return {"former": membership.former_numbers(db.session, person.id),
            "decisions": approvals.decisions(db.session, person.id),
            "receiving": _receiving(person)}


def _status(person):
    return {"changes": membership.history(db.session, person.id), "today": clock.today()}


def _transfers(person):
    rows = db.session.execute(select(Transfer).where(Transfer.person_id == person.id)
                              .order_by(Transfer.id.desc())).scalars().all()
    return {"transfers": rows}


def _flows(person):
    rows = db.session.execute(select(Flow).where(Flow.person_id == person.id)
                              .order_by(Flow.id.desc())).scalars().all()
    return {"flows": rows, "today": clock.today(), "receiving": _receiving(person)}


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
        # Also where he is now: actions refuse what the receiving side may not change.
        if person is None or not in_scope(person, current_user, present=True):
            abort(404)
        return person

    def _back(self, person, tab="basic"):
        return redirect(url_for(".index", id=person.id, tab=tab))

    def _run(self, person, tab, fn, done: str, form=None, name: str = ""):
        """Run `fn` for a POST of this page; on a refusal with a form, the page shows its errors."""
        if not user_has("operator"):
            abort(403)
        if form is not None and not form.validate():
            flash("保存失败，请检查标红的项目", "error")
            ok = False
        else:
            ok = run_action(fn, form=form, done=done)[0]
        if not ok and form is not None and any(f.errors for f in form):
            g.member_forms = {name: form}
            return self._page(person, tab)
        if person is not None and not in_scope(person, current_user, present=True):
            return redirect(url_for("admin.index"))
        return self._back(person, tab)

    @expose("/")
    def index(self):
        return self._page(self._person(), request.args.get("tab"))

    def _page(self, person, key):
        receiving = _receiving(person)
        tabs = tabs_for(person)
        if receiving:
            tabs = [t for t in tabs if t.key in RECEIVING_TABS]
        key = key or (tabs[0].key if tabs else "")
        current = next((t for t in tabs if t.key == key), tabs[0] if tabs else None)
        can_decide = (person.status == "pending" and is_strictly_below(person.org_path, current_user))
        return self.render("members/page.html", p=person, tabs=tabs, current=current,
                           body=Markup(current.render(person)) if current else "", codes=CODES,
                           can_decide=can_decide, can_write=user_has("operator") and not receiving,
                           receiving=receiving, can_keep=user_has("operator") and receiving,
                           flow=flows.current_flow(db.session, person) if receiving else None,
                           edit_url=self._edit_url(person), forms=g.get("member_forms", {}))

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
    @checks_fields
    def approve(self):
        person = self._person()
        form = F.ApproveForm(request.form)
        return self._run(person, "basic", lambda: approvals.approve(
            db.session, current_user, person.id, form.version.data, form.note.data),
            "已审批通过，该人员已成为直管党员", form, "approve")

    @expose("/reject/", methods=("POST",))
    @checks_fields
    def reject(self):
        person = self._person()
        form = F.RejectForm(request.form)
        return self._run(person, "basic", lambda: approvals.reject(
            db.session, current_user, person.id, form.reason.data, form.version.data),
            "已退回送审组织", form, "reject")

    @expose("/resubmit/", methods=("POST",))
    @checks_fields
    def resubmit(self):
        person = self._person()
        return self._run(person, "basic", lambda: approvals.resubmit(
            db.session, current_user, person.id), "已重新送审")

    @expose("/change_id/", methods=("POST",))
    @checks_fields
    def change_id(self):
        person = self._person()
        form = F.ChangeIdForm(request.form)
        return self._run(person, "basic", lambda: membership.change_id_number(
            db.session, current_user, person, form.new_number.data, form.reason.data,
            form.changed_on.data), "身份证号码已更改，原号码保留在更改记录中", form, "change_id")

    @expose("/status/", methods=("POST",))
    @checks_fields
    def status(self):
        person = self._person()
        form = F.StatusChangeForm(request.form)

        def act():
            on, reason = form.changed_on.data, form.reason.data
            if form.kind.data == "restore":
                return membership.restore(db.session, current_user, person, on, reason)
            return membership.change_status(db.session, current_user, person, form.kind.data, on,
                                            reason)
        return self._run(person, "status", act, "党籍变动已登记", form, "status")

    @expose("/flow_out/", methods=("POST",))
    @checks_fields
    def flow_out(self):
        person = self._person()
        form = F.FlowOutForm(request.form)

        def act():
            dest_text = (form.dest_org.data or "").strip()
            dest = find_org(dest_text)
            if dest_text and dest is None:
                raise DomainError("系统内找不到该流入党组织（请填组织代码或全称），系统外的请填写流入单位",
                                  "dest_org")
            flows.flow_out(db.session, current_user, person, flows.FlowFields(
                out_on=form.out_on.data, place=form.place.data or "",
                reason=form.reason.data or "", dest_org_id=dest.id if dest else None,
                dest_unit=form.dest_unit.data, contact=form.contact.data,
                expected_return_on=form.expected_return_on.data))
        return self._run(person, "flows", act, "已登记流出", form, "flow_out")

    def _flow(self, person, form) -> Flow:
        flow = db.session.get(Flow, form.flow_id.data or 0) if form.validate() else None
        if flow is None or flow.person_id != person.id:
            abort(404)
        return flow

    @expose("/flow_return/", methods=("POST",))
    @checks_fields
    def flow_return(self):
        person = self._person()
        form = F.FlowReturnForm(request.form)
        flow = self._flow(person, form)
        return self._run(person, "flows", lambda: flows.flow_return(
            db.session, current_user, flow, form.returned_on.data), "已登记返回", form,
            "flow_return")

    @expose("/convert/", methods=("POST",))
    @checks_fields
    def convert(self):
        person = self._person()
        done = ("已送审：须经上级党组织审批通过后才转为直管党员" if person.org.requires_approval
                else "已转为直管党员")
        return self._run(person, "basic", lambda: flows.convert_to_direct(
            db.session, current_user, person), done)

    @expose("/contact/", methods=("POST",))
    @checks_fields
    def contact(self):
        person = self._person()
        form = F.ContactForm(request.form)
        return self._run(person, "basic", lambda: flows.update_contact(
            db.session, current_user, person, form.phone.data, form.address.data),
            "联系方式已保存", form, "contact")

    @expose("/flow_info/", methods=("POST",))
    @checks_fields
    def flow_info(self):
        person = self._person()
        form = F.FlowInfoForm(request.form)
        flow = self._flow(person, form)
        return self._run(person, "flows", lambda: flows.update_flow(
            db.session, current_user, flow, flows.FlowFields(
                out_on=flow.out_on, place=form.place.data or "", reason=flow.reason,
                dest_org_id=flow.dest_org_id, dest_unit=flow.dest_unit,
                contact=form.contact.data, expected_return_on=form.expected_return_on.data)),
            "流动信息已保存", form, "flow_info")

    def handle_view_exception(self, exc):
        if isinstance(exc, NotInScope):
            abort(404)
        return super().handle_view_exception(exc)
