"""Portal pages: one's own documents; for members, the people assigned to them."""
from __future__ import annotations

from flask import (abort, current_app, flash, redirect, render_template, request, send_file,
                   url_for)

from actions.development.attachments import MAX_BYTES
from actions.development.catalogue import KINDS
from actions.errors import DomainError, NotInScope
from actions.portal import assigned, documents
from models import db
from models.codes import STAGE

from views.portal.auth import bp, portal_login_required

ROLE_NAMES = {"contact": "培养联系人", "introducer": "入党介绍人"}


def _upload():
    """Return (filename, bytes) of the uploaded file, or None when none was chosen."""
    f = request.files.get("file")
    if not f or not f.filename:
        return None
    limit = current_app.config.get("UPLOAD_MAX_BYTES", MAX_BYTES)
    return f.filename, f.read(limit + 1)


def _upload_args():
    return {"upload_dir": current_app.config["UPLOAD_DIR"],
            "max_bytes": current_app.config.get("UPLOAD_MAX_BYTES", MAX_BYTES)}


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
               if person.stage in stages and k not in taken]
    return render_template("portal/home.html", records=records, allowed=allowed, people=people,
                           role_names=ROLE_NAMES, **ctx)


@bp.route("/doc/new/<kind>", methods=("GET", "POST"))
@portal_login_required
def new_doc(account, kind):
    spec = KINDS.get(kind)
    if spec is None or kind not in documents.OWN_KINDS:
        abort(404)
    errors = {}
    if request.method == "POST":
        try:
            documents.submit(db.session, account, kind, request.form, _upload(), **_upload_args())
        except DomainError as err:
            db.session.rollback()
            errors[err.field or "content"] = err.message
        else:
            flash(f"{spec.label}已提交，请等待审核", "success")
            return redirect(url_for("portal.home"))
    return render_template("portal/doc_form.html", spec=spec, record=None, form=request.form,
                           errors=errors)


@bp.route("/doc/<int:record_id>/revise", methods=("GET", "POST"))
@portal_login_required
def revise(account, record_id):
    try:
        record = documents.own(db.session, account, record_id)
    except NotInScope:
        abort(404)
    errors = {}
    if request.method == "POST":
        try:
            documents.revise(db.session, account, record.id, request.form, _upload(),
                             **_upload_args())
        except DomainError as err:
            db.session.rollback()
            errors[err.field or "content"] = err.message
        else:
            flash(f"{KINDS[record.kind].label}已修改并重新提交", "success")
            return redirect(url_for("portal.home"))
    form = request.form if request.method == "POST" else {"title": record.title or "",
                                                           "content": record.content or ""}
    return render_template("portal/doc_form.html", spec=KINDS[record.kind], record=record,
                           form=form, errors=errors)


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
@portal_login_required
def review(account, record_id):
    try:
        rec = assigned.review_report(db.session, account, record_id,
                                     request.form.get("decision") == "approve",
                                     request.form.get("reason"))
    except NotInScope:
        db.session.rollback()
        abort(404)
    except DomainError as err:
        db.session.rollback()
        flash(err.message, "error")
        return redirect(request.referrer or url_for("portal.home"))
    flash("已审核", "success")
    return redirect(url_for("portal.person", person_id=rec.person_id))


@bp.route("/person/<int:person_id>/opinion/<kind>", methods=("POST",))
@portal_login_required
def opinion(account, person_id, kind):
    if kind not in KINDS:
        abort(404)
    try:
        assigned.write_opinion(db.session, account, person_id, kind, request.form)
    except NotInScope:
        db.session.rollback()
        abort(404)
    except DomainError as err:
        db.session.rollback()
        flash(err.message, "error")
    else:
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
