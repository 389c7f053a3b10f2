"""The development page of a person: the 25 steps with lights, records, attachments, forms."""
from __future__ import annotations

from flask import current_app, flash, redirect, request, send_file, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select

from actions.development import attachments, records, stages
from actions.development.catalogue import KINDS
from models import DevAttachment, DevRecord, Person, db
from models.codes import STAGE, STATUS
from views.base import SecureBaseView
from views.development import forms as F
from views.development.common import page_data, scoped
from views.development.printing import PrintRoutes
from views.development.submit import SubmitRoutes
from views.field_checks import checks_fields
from views.helpers import run_action


def _valid(form) -> bool:
    """Validate a small form of the development page; flash what it refuses."""
    if form.validate():
        return True
    for field in form:
        for message in field.errors:
            said = message if field.label.text in message else f"{field.label.text}{message}"
            flash(said, "error")
    return False


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

    def _record_form(self, person, spec, form, record=None):
        return self.render("development/record_form.html", person=person, kind=spec,
                           record=record, form=form)

    def _form(self, person, spec, record=None):
        """The record form of `spec`, filled from the POST, else from the record (or empty)."""
        cls = F.record_form(spec)
        form = cls(request.form) if request.method == "POST" else cls(obj=record)
        if "related_person_id" in form:
            form.related_person_id.choices = [("", "请选择")] + [
                (str(m.id), f"{m.name}（{'正式党员' if m.stage == 'full' else '预备党员'}）")
                for m in member_choices(person)]
        return form

    def _to_file(self, person_id: int, spec) -> str:
        return self.get_url(".person", person_id=person_id) + f"#step-{spec.step}"

    @expose("/person/<int:person_id>/record/<kind>", methods=("GET", "POST"))
    @checks_fields
    def new_record(self, person_id, kind):
        person = scoped(Person, person_id)
        spec = KINDS.get(kind)
        if spec is None:
            return redirect(self.get_url(".person", person_id=person.id))
        form = self._form(person, spec)
        if request.method == "POST" and form.validate():
            ok, _ = run_action(records.create_record, db.session, current_user, person, kind,
                               F.record_values(form), form=form, done=f"已保存{spec.label}")
            if ok:
                if spec.needs_attachment:
                    flash("请为该记录上传附件（公示材料/宣誓照片）", "warning")
                return redirect(self._to_file(person.id, spec))
        return self._record_form(person, spec, form)

    @expose("/record/<int:record_id>/edit", methods=("GET", "POST"))
    @checks_fields
    def edit_record(self, record_id):
        rec = scoped(DevRecord, record_id)
        spec = KINDS.get(rec.kind)
        if spec is None:
            return redirect(self.get_url(".person", person_id=rec.person_id))
        form = self._form(rec.person, spec, rec)
        if request.method == "POST" and form.validate():
            if run_action(records.update_record, db.session, current_user, rec,
                          F.record_values(form), form=form, done=f"已修改{spec.label}")[0]:
                return redirect(self._to_file(rec.person_id, spec))
        return self._record_form(rec.person, spec, form, rec)

    # The buttons below sit on the development page itself: a refusal is flashed there.
    @expose("/person/<int:person_id>/end", methods=("POST",))
    @checks_fields
    def end(self, person_id):
        person = scoped(Person, person_id)
        form = F.EndForm(request.form)
        if _valid(form):
            run_action(stages.end_development, db.session, current_user, person,
                       form.reason.data, done="已终止该人员的发展流程")
        return redirect(self.get_url(".person", person_id=person.id))

    @expose("/record/<int:record_id>/delete", methods=("POST",))
    def delete_record(self, record_id):
        rec = scoped(DevRecord, record_id)
        person_id, label = rec.person_id, KINDS[rec.kind].label if rec.kind in KINDS else rec.kind
        run_action(records.delete_record, db.session, current_user, rec,
                   done=f"已删除{label}（原内容保留在操作记录中）")
        return redirect(self.get_url(".person", person_id=person_id))

    @expose("/record/<int:record_id>/review", methods=("POST",))
    @checks_fields
    def review(self, record_id):
        rec = scoped(DevRecord, record_id)
        form = F.ReviewForm(request.form)
        if _valid(form):
            run_action(records.review_application, db.session, current_user, rec,
                       form.decision.data == "approve", form.reason.data, done="已审核")
        return redirect(self.get_url(".person", person_id=rec.person_id))

    @expose("/record/<int:record_id>/attach", methods=("POST",))
    def attach(self, record_id):
        rec = scoped(DevRecord, record_id)
        upload = request.files.get("file")
        limit = current_app.config.get("UPLOAD_MAX_BYTES", attachments.MAX_BYTES)
        data = upload.read(limit + 1) if upload else b""
        run_action(attachments.add_attachment, db.session, current_user, rec,
                   upload.filename if upload else "", data, current_app.config["UPLOAD_DIR"],
                   limit, done="附件已上传")
        return redirect(self.get_url(".person", person_id=rec.person_id) + f"#record-{rec.id}")

    @expose("/attachment/<int:attachment_id>")
    def attachment(self, attachment_id):
        scoped(DevAttachment, attachment_id)
        ok, found = run_action(attachments.attachment_path, db.session, current_user,
                               attachment_id, current_app.config["UPLOAD_DIR"])
        if not ok:
            return redirect(url_for("admin.index"))
        att, path = found
        inline = att.mime.startswith("image/") or att.mime == "application/pdf"
        resp = send_file(path, mimetype=att.mime, as_attachment=not inline,
                         download_name=att.filename)
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'"
        return resp
