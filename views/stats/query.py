"""信息查询: the comprehensive query over the jurisdiction, its result list and export."""
from __future__ import annotations

from datetime import date

from flask import (
    abort,
    current_app,
    redirect,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import func, literal, select

from actions import audit
from actions.errors import RuleViolation
from actions.export import csv_stream, rows, xlsx_file
from actions.members import categories
from actions.members import query as Q
from actions.scoping import in_scope
from actions.stats import dimensions as D
from models import Person, db
from views.base import COUNT_CAP, CappedCount, SecureBaseView
from views.helpers import run_action
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
    if categories.holds(db.session, "direct", person):
        return url_for("direct_member.details_view", id=person.id)
    return url_for("person_query.person", id=person.id)


class PersonQueryView(SecureBaseView):
    def _stmt(self):
        c = criteria_from(request.args)
        return c, Q.search(db.session, current_user, c,
                           require_condition=request.args.get("action") != "all")

    def _results(self, page: int):
        """(count, the page's people) of this request's query."""
        _c, stmt = self._stmt()
        sub = stmt.with_only_columns(literal(1)).order_by(None).limit(COUNT_CAP + 1).subquery()
        count = db.session.execute(select(func.count()).select_from(sub)).scalar_one()
        count = CappedCount(count) if count > COUNT_CAP else count
        return count, db.session.execute(stmt.offset(page * PAGE).limit(PAGE)).scalars().all()

    @expose("/")
    def index(self):
        people, count, page = None, None, max(0, request.args.get("page", 0, type=int))
        if request.args.get("action"):
            # A refused condition is flashed above the form, which keeps what was chosen.
            ok, found = run_action(self._results, page)
            if ok:
                count, people = found
        return self.render("views/person_query.html", people=people, count=count,
                           page=page, page_size=PAGE, args=request.args, objects=D.OBJECTS,
                           modes=Q.MODES, codes=Q.CODE_FIELDS, texts=TEXT_LABELS,
                           dates=Q.DATE_RANGES, labels=Person.__labels__, person_url=person_url)

    @expose("/person/<int:id>/")
    def person(self, id):
        person = db.session.get(Person, id)
        # A member flowing in and received here is found by 信息查询 too (read only).
        if person is None or not in_scope(person, current_user, present=True):
            abort(404)
        return self.render("views/person_card.html", person=person, labels=Person.__labels__)

    @expose("/export/<fmt>/")
    def export(self, fmt):
        if fmt not in ("csv", "xlsx"):
            abort(404)
        ok, found = run_action(self._stmt)
        if not ok:
            return redirect(url_for(".index"))
        _c, stmt = found
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
