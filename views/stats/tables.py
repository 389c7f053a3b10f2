"""信息汇总 and 自定义统计表: live counts, saved definitions, chart, print view, XLSX/DOCX export."""
from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Response, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from actions import audit
from actions.errors import RuleViolation
from actions.orgs import tree as orgs
from actions.stats import dimensions as D
from actions.stats import output as stat_output
from actions.stats import tables as statistics
from actions.stats.charts import chart_spec
from models import Organization, db
from views.base import SecureBaseView, user_has
from views.field_checks import checks_fields
from views.helpers import run_action
from views.stats import forms as F

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

    def _spec(self, args=None):
        args = request.args if args is None else args
        if args.get("id"):
            row = statistics.get_definition(db.session, current_user, args.get("id", type=int))
            return statistics.spec_of(row), row
        return spec_from_args(args, self.fixed_col), None

    def _run(self, args=None, always: bool = False):
        """(spec, saved definition, table or None); the table is run when asked or saved."""
        args = request.args if args is None else args
        spec, saved = self._spec(args)
        run = always or args.get("run") or saved is not None
        return spec, saved, statistics.run(db.session, current_user, spec) if run else None

    def _chart(self, table, spec) -> Markup:
        svg = stat_output.svg_pie(table) if spec.chart == "pie" else stat_output.svg_bar(table)
        return Markup(svg)  # built from escaped labels and numbers only

    def _page(self, drill=None, args=None, save_form=None, **extra):
        """The screen for `args` (the URL's); after a refused save, its form's errors at fields."""
        query = request.query_string.decode() if args is None else \
            urlencode(list(args.items(multi=True)))
        args = request.args if args is None else args
        bare = MultiDict([(k, v) for k, v in args.items(multi=True) if k != "org_code"])
        if save_form is not None and save_form.org_code.errors:
            args = bare  # the organisation was refused at its field already
        # A refused condition (an organisation outside the scope …) is flashed; the form stays.
        ok, found = run_action(self._run, args)
        spec, saved, table = found if ok else (spec_from_args(bare, self.fixed_col), None, None)
        if saved is None and args.get("def"):
            # The form of a saved table was changed and run: "保存修改" still targets it.
            saved = self._own(args.get("def", type=int))
        base_code = ""
        if spec.base_org:
            base_code = db.session.get(Organization, spec.base_org).code
        elif save_form is not None:
            base_code = save_form.org_code.data or ""
        return self.render(self.template, spec=spec, saved=saved, table=table,
                           chart=self._chart(table, spec) if table else None,
                           chart_spec=chart_spec(table, spec.chart) if table else None,
                           objects=D.OBJECTS, subjects=D.SUBJECTS, dims=D.dims_of(spec.subject),
                           base_code=base_code, query=query,
                           can_save=user_has("operator"), share=stat_output.share, drill=drill,
                           save_form=save_form, **extra)

    @staticmethod
    def _own(def_id: int | None):
        """A definition of the user's organisation, or None."""
        return next((d for d in statistics.definitions(db.session, current_user)
                     if d.id == def_id), None)

    @expose("/print/")
    def print_view(self):
        ok, found = run_action(self._run, always=True)
        if not ok:
            return redirect(url_for(".index"))
        spec, _saved, table = found
        return self.render("views/stat_print.html", table=table, chart=self._chart(table, spec),
                           grid=stat_output.grid(table))

    @expose("/export/<fmt>/")
    def export(self, fmt):
        if fmt not in MIME:
            return redirect(url_for(".index"))
        ok, found = run_action(self._run, always=True)
        if not ok:
            return redirect(url_for(".index"))
        table = found[2]
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
    @checks_fields
    def save(self):
        form = F.StatSaveForm(request.form)
        if form.validate():
            ok, row = run_action(self._save, form, request.args.get("id", type=int), form=form)
            if ok:
                flash(f"已保存统计表“{row.name}”", "success")
                return redirect(url_for(".index", id=row.id))
        definitions = statistics.definitions(db.session, current_user)
        return self._page(args=form.args(), save_form=form, definitions=definitions)

    @staticmethod
    def _save(form, def_id: int | None):
        spec = spec_from_args(form.args())
        return statistics.save_definition(db.session, current_user, spec, def_id)

    @expose("/delete/", methods=("POST",))
    @checks_fields
    def delete(self):
        form = F.DeleteForm(request.form)
        if not form.validate():
            flash("未找到要删除的统计表", "error")
        else:
            run_action(statistics.delete_definition, db.session, current_user, form.id.data,
                       done="已删除统计表")
        return redirect(url_for(".index"))
