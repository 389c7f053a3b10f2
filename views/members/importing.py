"""批量导入党员: template download, dry run report, all-or-nothing commit."""
from __future__ import annotations

import json
import os
import secrets

from flask import Response, current_app, flash, redirect, request, session, url_for
from flask_admin import expose
from flask_login import current_user
from werkzeug.datastructures import CombinedMultiDict

from actions.members import importing as person_import
from models import db
from views.base import SecureBaseView
from views.field_checks import checks_fields
from views.helpers import run_action
from views.members import forms as F

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pending_path(token: str) -> str:
    folder = os.path.join(current_app.config["UPLOAD_DIR"], "imports")
    os.makedirs(folder, exist_ok=True)
    return os.path.join(folder, f"{current_user.id}-{token}.json")


class PersonImportView(SecureBaseView):
    required_role = "operator"

    @expose("/")
    def index(self):
        return self.render("views/person_import.html", report=None, columns=person_import.COLUMNS)

    @expose("/template/<fmt>/")
    def template(self, fmt):
        if fmt == "csv":
            data, mime, name = person_import.template_csv(), "text/csv", "template.csv"
        else:
            data, mime, name = person_import.template_xlsx(), XLSX, "template.xlsx"
        resp = Response(data, mimetype=mime)
        resp.headers["Content-Disposition"] = (
            f"attachment; filename={name}; filename*=UTF-8''%E5%85%9A%E5%91%98%E5%AF%BC%E5%85%A5"
            f"%E6%A8%A1%E6%9D%BF.{name.rsplit('.', 1)[1]}")
        return resp

    @expose("/check/", methods=("POST",))
    @checks_fields
    def check(self):
        form = F.ImportFileForm(CombinedMultiDict((request.files, request.form)))
        if not form.validate():
            return self.render("views/person_import.html", report=None, form=form,
                               columns=person_import.COLUMNS)
        upload = form.file.data
        ok, rows = run_action(person_import.read_table, upload.filename, form.file.content,
                              form=form)
        ok, report = run_action(person_import.run_import, db.session, current_user, rows,
                                commit=False, form=form) if ok else (False, None)
        if not ok:
            return self.render("views/person_import.html", report=None, form=form,
                               columns=person_import.COLUMNS)
        token = None
        if report.ok:
            token = secrets.token_urlsafe(16)
            with open(_pending_path(token), "w", encoding="utf-8") as fh:
                json.dump(rows, fh, ensure_ascii=False)
            session["import_token"] = token
        return self.render("views/person_import.html", report=report, token=token,
                           filename=upload.filename, columns=person_import.COLUMNS)

    @expose("/commit/", methods=("POST",))
    @checks_fields
    def commit(self):
        token = F.ImportCommitForm(request.form).token.data or ""
        if not token or token != session.get("import_token"):
            flash("导入数据已失效，请重新上传文件", "error")
            return redirect(url_for(".index"))
        path = _pending_path(token)
        try:
            with open(path, encoding="utf-8") as fh:
                rows = json.load(fh)
        except FileNotFoundError:
            flash("导入数据已失效，请重新上传文件", "error")
            return redirect(url_for(".index"))
        ok, report = run_action(person_import.run_import, db.session, current_user, rows,
                                commit=True)
        if not ok:
            return redirect(url_for(".index"))
        session.pop("import_token", None)
        os.unlink(path)
        flash(f"已导入{len(report.good)}人", "success")
        return redirect(url_for(".index"))
