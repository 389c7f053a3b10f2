"""信息查询: the comprehensive query over the jurisdiction, its result list and export."""
from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, request, send_file, stream_with_context, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import func, literal, select

from actions import audit
from actions.members import query as Q
from actions.stats import dimensions as D
from actions.errors import DomainError, RuleViolation
from actions.export import csv_stream, rows, xlsx_file
from actions.scoping import in_scope
from models import Person, db
from models.codes import MEMBER_STAGES

from views.base import COUNT_CAP, CappedCount, SecureBaseView
from views.stats.tables import find_org

PAGE = 50
TEXT_LABELS = {"name": "姓名（开头）", "id_number": "身份证号码（开头）", "native_place": "籍贯（包含）",
               "job": "工作岗位（包含）", "address": "家庭住址（包含）", "phone": "联系电话（包含）"}


def _int(args, key):
    value = (args.get(key) or "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) > 150:
        raise RuleViolation("年龄和党龄须填写0至150的整数", key)
    return int(value)


def _date(args, key):
    value = (args.get(key) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RuleViolation("日期格式应为 2010-07-01", key) from None


def criteria_from(args) -> Q.Criteria:
    c = Q.Criteria(object=args.get("object") or "direct", mode=args.get("mode") or "own")
    if args.get("org_code"):
        c.org_id = find_org(args["org_code"]).id
    c.codes = {k: [v for v in args.getlist(f"f_{k}") if v] for k in Q.CODE_FIELDS}
    c.text = {k: args.get(f"t_{k}", "") for k in TEXT_LABELS}
    c.dates = {k: (_date(args, f"d_{k}_from"), _date(args, f"d_{k}_to")) for k in Q.DATE_RANGES}
    c.age = (_int(args, "age_min"), _int(args, "age_max"))
    c.party_age = (_int(args, "party_age_min"), _int(args, "party_age_max"))
    c.lost_contact = args.get("lost_contact") == "1"
    return c


def person_url(person: Person) -> str:
    """The person's page: the member screen when the person is listed there, else ours."""
    if (person.management == "direct" and person.stage in MEMBER_STAGES
            and person.status == "normal"):
        return url_for("direct_member.details_view", id=person.id)
    return url_for("person_query.person", id=person.id)


class PersonQueryView(SecureBaseView):
    def _stmt(self):
        c = criteria_from(request.args)
        return c, Q.search(db.session, current_user, c,
                           require_condition=request.args.get("action") != "all")

    @expose("/")
    def index(self):
        people, count, error, page = None, None, None, max(0, request.args.get("page", 0, type=int))
        c = Q.Criteria()
        if request.args.get("action"):
            try:
                c, stmt = self._stmt()
                sub = stmt.with_only_columns(literal(1)).order_by(None).limit(COUNT_CAP + 1).subquery()
                count = db.session.execute(select(func.count()).select_from(sub)).scalar_one()
                count = CappedCount(count) if count > COUNT_CAP else count
                people = db.session.execute(stmt.offset(page * PAGE).limit(PAGE)).scalars().all()
            except DomainError as err:
                db.session.rollback()
                error = err.message
        return self.render("views/person_query.html", people=people, count=count, error=error,
                           page=page, page_size=PAGE, args=request.args, objects=D.OBJECTS,
                           modes=Q.MODES, codes=Q.CODE_FIELDS, texts=TEXT_LABELS,
                           dates=Q.DATE_RANGES, labels=Person.__labels__, person_url=person_url)

    @expose("/person/<int:id>/")
    def person(self, id):
        person = db.session.get(Person, id)
        if person is None or not in_scope(person, current_user):
            abort(404)
        return self.render("views/person_card.html", person=person, labels=Person.__labels__)

    @expose("/export/<fmt>/")
    def export(self, fmt):
        if fmt not in ("csv", "xlsx"):
            abort(404)
        try:
            c, stmt = self._stmt()
        except DomainError as err:
            db.session.rollback()
            flash(err.message, "error")
            return redirect(url_for(".index"))
        audit.record(db.session, "export", "person", f"导出信息查询结果（{fmt.upper()}）",
                     current_user.org.path, {"query": request.query_string.decode()[:400]})
        db.session.commit()
        data = rows(db.session, Q.export_select(stmt))
        if fmt == "csv":
            resp = current_app.response_class(
                stream_with_context(csv_stream(Q.headers(), data, Q.formatters())), mimetype="text/csv")
            resp.headers["Content-Disposition"] = "attachment; filename=query.csv"
            return resp
        handle, _n = xlsx_file(Q.headers(), data, Q.formatters(), sheet="信息查询")
        return send_file(handle, as_attachment=True, download_name="信息查询.xlsx",
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
