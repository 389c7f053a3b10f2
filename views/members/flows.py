"""流动党员 list and maintenance, and the destination's 流入党员接收 list."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select

from actions import clock
from actions.members import flows
from models import Flow, Person, db
from models.codes import FLOW_STATUS
from views.base import SecureBaseView, SecureModelView, user_has
from views.field_checks import checks_fields
from views.forms import date_field, text
from views.helpers import run_action, run_each
from views.members.entry import member_url, rows_for_ids
from views.members.forms import FlowIdForm
from views.members.lists import person_search
from views.members.person_export import PersonExportMixin
from views.members.record_lists import PersonSearchMixin


class FlowingView(PersonSearchMixin, PersonExportMixin, SecureModelView):
    """流动党员: members of the user's subtree currently flowing out; maintain or return them."""

    allow_edit = True
    where = (Flow.status == "out",)
    column_list = ["person", "out_on", "place", "dest_org", "dest_unit", "reason", "contact",
                   "expected_return_on", "received_on"]
    column_export_list = column_list
    column_codes = {"status": FLOW_STATUS}
    column_default_sort = ("id", True)
    column_sortable_list = ["out_on"]
    column_formatters = {"person": lambda v, c, m, n: Markup(
        f"<a href='{member_url(m.person)}'>{escape(m.person.name)}</a>")}
    action_roles = {"return_today": "operator"}

    def get_query(self):
        return super().get_query().filter(*self.where)

    def get_edit_form(self):
        class FlowForm(self.form_base_class):
            out_on = date_field("流出日期", need=True)
            place = text("流入地", 200, need=True)
            dest_unit = text("流入单位（系统外）", 200)
            reason = text("流动原因", 500, need=True)
            contact = text("联系方式", 100)
            expected_return_on = date_field("预计返回日期")

        return FlowForm

    def update_record(self, form, obj):
        return flows.update_flow(db.session, current_user, obj, flows.FlowFields(
            out_on=form.out_on.data, place=form.place.data or "", reason=form.reason.data or "",
            dest_org_id=obj.dest_org_id, dest_unit=form.dest_unit.data, contact=form.contact.data,
            expected_return_on=form.expected_return_on.data))

    @action("return_today", "登记返回（今天）", "确定登记勾选的流动党员今天返回？")
    def action_return(self, ids):
        n = run_each(rows_for_ids(self, ids), lambda flow: flows.flow_return(
            db.session, current_user, flow, clock.today()), lambda flow: flow.person.name)
        flash(f"已登记返回 {n} 人", "success" if n else "warning")


class InflowReceptionView(SecureBaseView):
    """流入党员接收: members of other organisations flowing into the user's subtree."""

    def _rows(self, term: str = ""):
        stmt = select(Flow).where(*flows.inflows(current_user))
        for word in term.split():  # 输入姓名或者身份证号码，点击查询
            stmt = stmt.where(Flow.person_id.in_(select(Person.id).where(person_search(word))))
        return db.session.execute(
            stmt.order_by(Flow.received_on.is_not(None), Flow.id.desc()).limit(500)).scalars().all()

    @expose("/")
    def index(self):
        term = (request.args.get("q") or "").strip()[:50]
        return self.render("members/inflow_reception.html", rows=self._rows(term), term=term,
                           can_write=user_has("operator"))

    @expose("/receive/", methods=("POST",))
    @checks_fields
    def receive(self):
        if not user_has("operator"):
            abort(403)
        form = FlowIdForm(request.form)
        flow = db.session.get(Flow, form.flow_id.data or 0) if form.validate() else None
        run_action(flows.receive_flow, db.session, current_user, flow, done="已接收该流入党员")
        return redirect(url_for(".index"))
