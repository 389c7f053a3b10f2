"""The development page of a person: the 25 steps with lights, records, attachments, forms."""
from __future__ import annotations

from flask import current_app, flash, redirect, request, send_file, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select

from actions.development import attachments, records
from actions.development.catalogue import KINDS
from actions.errors import DomainError
from models import DevAttachment, DevRecord, Person, db
from models.codes import STAGE, STATUS

from views.base import SecureBaseView
from views.development.common import page_data, scoped
from views.development.printing import PrintRoutes
from views.development.submit import SubmitRoutes


def _values(kind) -> dict:
    return {f.name: request.form.get(f.name) for f in kind.fields}


def member_choices(person: Person) -> list[Person]:
    """Members a contact or introducer may be chosen from: those of the person's branch."""
    return db.session.execute(
        select(Person).where(Person.org_id == person.org_id, Person.id != person.id,
                             Person.stage.in_(("probationary", "full")),
                             Person.status == "normal")
        .order_by(Person.name).limit(500)).scalars().all()


class DevelopmentView(SubmitRoutes, PrintRoutes, SecureBaseView):
    """发展档案: one person's development file."""

    def is_visible(self) -> bool:
        return False  # opened from the stage lists and the member page, not from the menu

    @expose("/")
    def index(self):
        return redirect(url_for("dev_applicant.index_view"))

    @expose("/person/<int:person_id>")
    def person(self, person_id):
        person = scoped(Person, person_id)
        return self.render("development/page.html", stage_names=STAGE, status_names=STATUS,
                           **page_data(person))

    def _record_form(self, person, kind, record=None, errors=None, values=None):
        values = values if values is not None else (
            {f.name: getattr(record, f.name) for f in kind.fields} if record else {})
        return self.render("development/record_form.html", person=person, kind=kind,
                           record=record, values=values, errors=errors or {},
                           members=member_choices(person))

    @expose("/person/<int:person_id>/record/<kind>", methods=("GET", "POST"))
    def new_record(self, person_id, kind):
        person = scoped(Person, person_id)
        spec = KINDS.get(kind)
        if spec is None:
            return redirect(self.get_url(".person", person_id=person.id))
        if request.method == "POST":
            try:
                records.create_record(db.session, current_user, person, kind,
                                            _values(spec))
            except DomainError as err:
                db.session.rollback()
                flash(err.message, "error")
                return self._record_form(person, spec, errors={err.field: err.message},
                                         values=request.form)
            flash(f"已保存{spec.label}", "success")
            if spec.needs_attachment:
                flash("请为该记录上传附件（公示材料/宣誓照片）", "warning")
            return redirect(self.get_url(".person", person_id=person.id) + f"#step-{spec.step}")
        return self._record_form(person, spec)

    @expose("/record/<int:record_id>/edit", methods=("GET", "POST"))
    def edit_record(self, record_id):
        rec = scoped(DevRecord, record_id)
        spec = KINDS.get(rec.kind)
        if spec is None:
            return redirect(self.get_url(".person", person_id=rec.person_id))
        if request.method == "POST":
            try:
                records.update_record(db.session, current_user, rec, _values(spec))
            except DomainError as err:
                db.session.rollback()
                flash(err.message, "error")
                return self._record_form(rec.person, spec, rec, {err.field: err.message},
                                         request.form)
            flash(f"已修改{spec.label}", "success")
            return redirect(self.get_url(".person", person_id=rec.person_id) + f"#step-{spec.step}")
        return self._record_form(rec.person, spec, rec)

    @expose("/record/<int:record_id>/review", methods=("POST",))
    def review(self, record_id):
        rec = scoped(DevRecord, record_id)
        try:
            records.review_application(db.session, current_user, rec,
                                       request.form.get("decision") == "approve",
                                       request.form.get("reason"))
            flash("已审核", "success")
        except DomainError as err:
            db.session.rollback()
            flash(err.message, "error")
        return redirect(self.get_url(".person", person_id=rec.person_id))

    @expose("/record/<int:record_id>/attach", methods=("POST",))
    def attach(self, record_id):
        rec = scoped(DevRecord, record_id)
        upload = request.files.get("file")
        limit = current_app.config.get("UPLOAD_MAX_BYTES", attachments.MAX_BYTES)
        try:
            data = upload.read(limit + 1) if upload else b""
            attachments.add_attachment(db.session, current_user, rec,
                                       upload.filename if upload else "", data,
                                       current_app.config["UPLOAD_DIR"], limit)
            flash("附件已上传", "success")
        except DomainError as err:
            db.session.rollback()
            flash(err.message, "error")
        return redirect(self.get_url(".person", person_id=rec.person_id) + f"#record-{rec.id}")

    @expose("/attachment/<int:attachment_id>")
    def attachment(self, attachment_id):
        scoped(DevAttachment, attachment_id)
        try:
            att, path = attachments.attachment_path(db.session, current_user, attachment_id,
                                                    current_app.config["UPLOAD_DIR"])
        except DomainError as err:
            flash(err.message, "error")
            return redirect(url_for("admin.index"))
        inline = att.mime.startswith("image/") or att.mime == "application/pdf"
        resp = send_file(path, mimetype=att.mime, as_attachment=not inline,
                         download_name=att.filename)
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'"
        return resp
