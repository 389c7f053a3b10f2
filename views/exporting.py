"""Streamed CSV/XLSX export of exactly what a list shows (filters, search, order, scope)."""
from __future__ import annotations

from functools import partial

from flask import current_app, flash, redirect, request, send_file, stream_with_context, url_for
from flask_admin import expose
from flask_admin.helpers import get_redirect_target
from flask_login import current_user
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import RelationshipProperty, aliased

from actions import audit, export_jobs, privacy
from actions.export import csv_stream, rows, xlsx_file
from models import db
from views.id_columns import ID_COLUMNS, export_formatter

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _code_label(table: dict, value) -> str:
    return table.get(value, value) if value is not None else ""

class ExportMixin:
    """The export endpoint of SecureModelView: a Core select of the list's query, streamed."""

    def export_columns(self):
        """Return (header, SQL expression, formatter) for each exported column."""
        out = []
        for name, header in self._export_columns:
            attr = getattr(self.model, name, None)
            prop = getattr(attr, "property", None)
            formatter = None
            if isinstance(prop, RelationshipProperty):
                # An alias keeps a self-reference (organisation -> parent) from correlating away.
                target = aliased(prop.mapper.class_)
                label_col = getattr(target, "name", None) or inspect(target).mapper.primary_key[0]
                (local, remote), = prop.local_remote_pairs
                expr = (select(label_col).where(getattr(target, remote.key) == local)
                        .correlate(self.model).scalar_subquery())
            elif attr is not None and hasattr(attr, "expression"):
                expr = attr
                table = self.column_codes.get(name)
                if table:
                    formatter = partial(_code_label, table)
                elif name in ID_COLUMNS:
                    formatter = export_formatter()
                elif name in getattr(self, "column_masked_text", ()):
                    formatter = privacy.mask_ids_in
            else:
                continue
            out.append((str(header), expr, formatter))
        return out

    def export_statement(self, args):
        """(select, headers, formatters, sheet name) of what the list shows with `args`."""
        sort = self._get_column_by_idx(args.sort)
        query, _count, joins = self._filtered(args.search, args.filters)
        query = self._sorted(query, joins, sort[0] if sort else None, args.sort_desc, args.search)
        columns = self.export_columns()
        stmt = query.with_entities(*[c[1] for c in columns]).statement
        label = getattr(self.model, "__label__", self.name)
        return stmt, [c[0] for c in columns], [c[2] for c in columns], label

    @expose("/export/<export_type>/")
    def export(self, export_type):
        return_url = get_redirect_target() or self.get_url(".index_view")
        if not self.can_export or export_type not in self.export_types:
            flash("当前角色无权导出", "error")
            return redirect(return_url)
        args = self._get_list_extra_args()
        _query, count_query, _joins = self._filtered(args.search, args.filters)
        from views.base import OUT_OF_RANGE, OUT_OF_RANGE_MESSAGE

        limit = current_app.config["EXPORT_JOB_ROWS"]
        try:  # a value the database cannot compare fails here
            rows_expected = self.capped_count(count_query, cap=limit)
        except OUT_OF_RANGE:
            db.session.rollback()
            flash(OUT_OF_RANGE_MESSAGE, "error")
            return redirect(return_url)
        full = "id_number" in [n for n, _h in self._export_columns] and \
            privacy.sees_full_ids(current_user)
        audit.record(db.session, "export", self.model.__tablename__,
                     f"导出{self.name}（{export_type.upper()}）",
                     current_user.org.path,
                     {"search": args.search, "filters": [list(map(str, f)) for f in args.filters or []],
                      "full_id_numbers": full})
        if rows_expected > limit:
            try:
                job_id = export_jobs.create(db.session.connection(), current_user, self.endpoint,
                                            self.name, export_type, request.query_string.decode(),
                                            int(rows_expected))
                db.session.commit()
            except IntegrityError:  # this list's job of this user is still open
                db.session.rollback()
                job_id = export_jobs.open_job(db.session, current_user, self.endpoint)
                flash(f"{self.name}已有一个导出任务正在进行，请等它完成后下载，再发起新的导出",
                      "warning")
                if job_id is None:  # it finished just now
                    return redirect(url_for("export_jobs.index"))
                return redirect(url_for("export_jobs.job", job_id=job_id))
            flash(f"导出超过{limit:,}行，已转为后台导出任务；完成后在本页下载", "info")
            return redirect(url_for("export_jobs.job", job_id=job_id))
        db.session.commit()
        stmt, headers, formatters, label = self.export_statement(args)
        filename = f"{self.name}.{export_type}"
        if export_type == "csv":
            gen = csv_stream(headers, rows(db.session, stmt), formatters)
            resp = current_app.response_class(stream_with_context(gen), mimetype="text/csv")
            resp.headers["Content-Disposition"] = _disposition(filename)
            return resp
        handle, _n = xlsx_file(headers, rows(db.session, stmt), formatters, sheet=label)
        return send_file(handle, as_attachment=True, download_name=filename,
                         mimetype=XLSX_MIMETYPE)


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=export.csv; filename*=UTF-8''{quote(filename)}"
