"""信息汇总 and 自定义统计表: live counts, saved definitions, chart, print view, XLSX/DOCX export."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from actions import audit
from actions.errors import DomainError, RuleViolation
from actions.orgs import tree as orgs
from actions.stats import dimensions as D
from actions.stats import output as stat_output
from actions.stats import tables as statistics
from actions.stats.charts import chart_spec
from models import Organization, db
from views.base import SecureBaseView, user_has

MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def find_org(code_or_name: str) -> Organization:
    """An organisation in the user's jurisdiction by code or full name."""
    org = orgs.find_org(db.session, code_or_name, current_user)
    if org is None:
        raise RuleViolation("统计范围内没有该党组织（请输入本辖区内的组织代码或全称）", "org_code")
    return org


def spec_from_args(args, fixed_col: bool = False) -> statistics.Spec:
    subject = args.get("subject", "person")
    if subject not in D.SUBJECTS:  # a hand-made URL: show the default table, not an error page
        subject = "person"
    spec = statistics.Spec(subject=subject, object=args.get("object") or "direct",
                           row=args.get("row") or "org", col=None if fixed_col else
                           (args.get("col") or None), name=args.get("name", ""),
                           chart=args.get("chart") or "bar")
    if subject in D.SUBJECTS:
        for key, dim in D.dims_of(subject).items():
            values = [v for v in args.getlist(f"f_{key}") if v]
            if dim.filterable and values:
                spec.filters[key] = values
    if args.get("org_code"):
        spec.base_org = find_org(args["org_code"]).id
    return spec


class StatBase(SecureBaseView):
    """Shared run, print and export of a statistics table."""

    template = "views/stat_table.html"
    fixed_col = False

    def _spec(self):
        if request.args.get("id"):
            row = statistics.get_definition(db.session, current_user, request.args.get("id", type=int))
            return statistics.spec_of(row), row
        return spec_from_args(request.args, self.fixed_col), None

    def _chart(self, table, spec) -> Markup:
        svg = stat_output.svg_pie(table) if spec.chart == "pie" else stat_output.svg_bar(table)
        return Markup(svg)  # built from escaped labels and numbers only

    def _page(self, drill=None, **extra):
        table = error = None
        try:
            spec, saved = self._spec()
            if request.args.get("run") or saved is not None:
                table = statistics.run(db.session, current_user, spec)
        except DomainError as err:
            db.session.rollback()
            args = MultiDict([(k, v) for k, v in request.args.items(multi=True) if k != "org_code"])
            spec, saved, error = spec_from_args(args, self.fixed_col), None, err.message
        if saved is None and request.args.get("def"):
            try:  # the form of a saved table was changed and run: "保存修改" still targets it
                saved = statistics.get_definition(db.session, current_user,
                                                  request.args.get("def", type=int))
            except DomainError:
                saved = None
        base_code = ""
        if spec.base_org:
            base_code = db.session.get(Organization, spec.base_org).code
        return self.render(self.template, spec=spec, saved=saved, table=table, error=error,
                           chart=self._chart(table, spec) if table else None,
                           chart_spec=chart_spec(table, spec.chart) if table else None,
                           objects=D.OBJECTS, subjects=D.SUBJECTS, dims=D.dims_of(spec.subject),
                           base_code=base_code, query=request.query_string.decode(),
                           can_save=user_has("operator"), share=stat_output.share, drill=drill, **extra)

    @expose("/print/")
    def print_view(self):
        try:
            spec, _saved = self._spec()
            table = statistics.run(db.session, current_user, spec)
        except DomainError as err:
            flash(err.message, "error")
            return redirect(url_for(".index"))
        return self.render("views/stat_print.html", table=table, chart=self._chart(table, spec),
                           grid=stat_output.grid(table))

    @expose("/export/<fmt>/")
    def export(self, fmt):
        if fmt not in MIME:
            return redirect(url_for(".index"))
        try:
            spec, _saved = self._spec()
            table = statistics.run(db.session, current_user, spec)
        except DomainError as err:
            flash(err.message, "error")
            return redirect(url_for(".index"))
        data = stat_output.to_xlsx(table) if fmt == "xlsx" else stat_output.to_docx(table)
        audit.record(db.session, "export", "statistics", f"导出统计表“{table.title}”（{fmt.upper()}）",
                     current_user.org.path, {"conditions": table.conditions, "total": table.total})
        db.session.commit()
        resp = Response(data, mimetype=MIME[fmt])
        resp.headers["Content-Disposition"] = (
            f"attachment; filename=statistics.{fmt}; filename*=UTF-8''{quote(table.title)}.{fmt}")
        return resp


class SummaryView(StatBase):
    """信息汇总: people in scope counted by one chosen dimension."""

    fixed_col = True
    template = "views/stat_summary.html"

    @expose("/")
    def index(self):
        return self._page(drill=self._drill)

    @staticmethod
    def _drill(code: str) -> str:
        """The same summary for one organisation of the breakdown."""
        args = request.args.to_dict(flat=False)
        args["org_code"] = [code]
        return url_for(".index", **args)


class StatTableView(StatBase):
    """自定义统计表: name a cross-table, save it, run it any time."""

    @expose("/")
    def index(self):
        return self._page(definitions=statistics.definitions(db.session, current_user))

    @expose("/save/", methods=("POST",))
    def save(self):
        def_id = request.args.get("id", type=int)
        try:
            spec = spec_from_args(request.form)
            row = statistics.save_definition(db.session, current_user, spec, def_id)
        except DomainError as err:
            db.session.rollback()
            flash(err.message, "error")
            return redirect(url_for(".index", **{k: request.form.getlist(k) for k in request.form
                                                 if k != "csrf_token"}))
        flash(f"已保存统计表“{row.name}”", "success")
        return redirect(url_for(".index", id=row.id))

    @expose("/delete/", methods=("POST",))
    def delete(self):
        try:
            statistics.delete_definition(db.session, current_user, request.form.get("id", type=int))
        except DomainError as err:
            db.session.rollback()
            flash(err.message, "error")
        else:
            flash("已删除统计表", "success")
        return redirect(url_for(".index"))
