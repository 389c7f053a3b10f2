"""Portal pages: one's own documents; for members, the people assigned to them."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from werkzeug.datastructures import CombinedMultiDict

from actions.development.attachments import MAX_BYTES
from actions.development.catalogue import KINDS
from actions.errors import NotInScope
from actions.portal import assigned, documents
from models import db
from models.codes import STAGE
from views.field_checks import checks_fields
from views.helpers import run_action
from views.portal.auth import bp, portal_login_required
from views.portal.forms import DocForm, OpinionForm, ReviewForm

ROLE_NAMES = {"contact": "培养联系人", "introducer": "入党介绍人"}


def _max_bytes() -> int:
    return current_app.config.get("UPLOAD_MAX_BYTES", MAX_BYTES)


def _upload_args():
    return {"upload_dir": current_app.config["UPLOAD_DIR"], "max_bytes": _max_bytes()}


def _doc_form(**data) -> DocForm:
    """The document form: the posted text and file on a POST, else `data`."""
    if request.method == "POST":
        return DocForm(CombinedMultiDict((request.form, request.files)))
    return DocForm(data=data)


def _found(fn, *args):
    """fn's result, or None when the object is not the account's to touch (answered with 404)."""
    try:
        return fn(*args)
    except NotInScope:
        db.session.rollback()
        return None


def _refused(form) -> None:
    """Flash the field errors of a form posted from a page it does not render."""
    for field in form:
        for message in field.errors:
            named = message.startswith(field.label.text)
            flash(message if named else f"{field.label.text}：{message}", "error")


@bp.route("/")
@portal_login_required
def home(account):
    person = account.person
    ctx = {"account": account, "person": person, "stage_names": STAGE, "kinds": KINDS,
           "status_names": documents.REVIEW_STATUS}
    people = assigned.assigned_people(db.session, account)
    records = documents.own_records(db.session, account)
    # A letter already under review or approved is not offered again; thought reports are many.
    taken = {r.kind for r in records if r.status in ("submitted", "approved")} - {"thought_report"}
    allowed = [KINDS[k] for k, stages in documents.OWN_KINDS.items()
               if person.stage in stages and k not in taken and person.status == "normal"]
    return render_template("portal/home.html", records=records, allowed=allowed, people=people,
                           role_names=ROLE_NAMES, ended=documents.ending(db.session, person),
                           **ctx)


@bp.route("/doc/new/<kind>", methods=("GET", "POST"))
@checks_fields
@portal_login_required
def new_doc(account, kind):
    spec = KINDS.get(kind)
    if spec is None or kind not in documents.OWN_KINDS:
        abort(404)
    form = _doc_form()
    if request.method == "POST" and form.validate():
        ok, _record = run_action(documents.submit, db.session, account, kind, form.values(),
                                 form.upload(_max_bytes()), **_upload_args(), form=form,
                                 done=f"{spec.label}已提交，请等待审核")
        if ok:
            return redirect(url_for("portal.home"))
    return render_template("portal/doc_form.html", spec=spec, record=None, form=form)


@bp.route("/doc/<int:record_id>/revise", methods=("GET", "POST"))
@checks_fields
@portal_login_required
def revise(account, record_id):
    try:
        record = documents.own(db.session, account, record_id)
    except NotInScope:
        abort(404)
    form = _doc_form(title=record.title or "", content=record.content or "")
    if request.method == "POST" and form.validate():
        ok, _record = run_action(documents.revise, db.session, account, record.id, form.values(),
                                 form.upload(_max_bytes()), **_upload_args(), form=form,
                                 done=f"{KINDS[record.kind].label}已修改并重新提交")
        if ok:
            return redirect(url_for("portal.home"))
    return render_template("portal/doc_form.html", spec=KINDS[record.kind], record=record,
                           form=form)


@bp.route("/person/<int:person_id>")
@portal_login_required
def person(account, person_id):
    try:
        other, roles = assigned.assigned(db.session, account, person_id)
    except NotInScope:
        abort(404)
    kinds = [KINDS[k] for r in sorted(roles) for k in documents.OPINION_KINDS[r]]
    return render_template("portal/person.html", other=other, roles=roles, role_names=ROLE_NAMES,
                           records=assigned.reports(db.session, other.id), kinds=KINDS,
                           opinion_kinds=kinds, stage_names=STAGE,
                           status_names=documents.REVIEW_STATUS)


@bp.route("/report/<int:record_id>/review", methods=("POST",))
@checks_fields
@portal_login_required
def review(account, record_id):
    form = ReviewForm(request.form)
    back = redirect(request.referrer or url_for("portal.home"))
    if not form.validate():
        _refused(form)
        return back
    # The person page is not shown again: an error is flashed above it.
    ok, rec = run_action(_found, assigned.review_report, db.session, account, record_id,
                         form.decision.data == "approve", form.reason.data)
    if ok and rec is None:
        abort(404)
    if not ok:
        return back
    flash("已审核", "success")
    return redirect(url_for("portal.person", person_id=rec.person_id))


@bp.route("/person/<int:person_id>/opinion/<kind>", methods=("POST",))
@checks_fields
@portal_login_required
def opinion(account, person_id, kind):
    if kind not in KINDS:
        abort(404)
    form = OpinionForm(request.form)
    if not form.validate():
        _refused(form)
    else:
        ok, rec = run_action(_found, assigned.write_opinion, db.session, account, person_id,
                             kind, {"title": form.title.data, "content": form.content.data})
        if ok and rec is None:
            abort(404)
        if ok:
            flash(f"已提交{KINDS[kind].label}", "success")
    return redirect(url_for("portal.person", person_id=person_id))


@bp.route("/attachment/<int:attachment_id>")
@portal_login_required
def attachment(account, attachment_id):
    try:
        att, path = assigned.readable_attachment(db.session, account, attachment_id,
                                                 current_app.config["UPLOAD_DIR"])
    except NotInScope:
        abort(404)
    inline = att.mime.startswith("image/") or att.mime == "application/pdf"
    resp = send_file(path, mimetype=att.mime, as_attachment=not inline, download_name=att.filename)
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'"
    return resp
