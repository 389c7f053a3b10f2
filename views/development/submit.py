"""Submitting a stage to the superior committee, with the warnings and the 情况说明."""
from __future__ import annotations

from flask import flash, redirect, request
from flask_admin import expose
from flask_login import current_user

from actions.development import submissions
from actions.development.catalogue import SUBMISSIONS
from actions.errors import DomainError
from models import Person, db

from views.development.common import scoped, settings


class SubmitRoutes:
    """Routes of the development page that submit a stage (mixed into DevelopmentView)."""

    @expose("/person/<int:person_id>/submit/<kind>", methods=("GET", "POST"))
    def submit(self, person_id, kind):
        person = scoped(Person, person_id)
        spec = SUBMISSIONS.get(kind)
        if spec is None:
            return redirect(self.get_url(".person", person_id=person.id))
        warns = submissions.preview(db.session, current_user, person, kind, settings())
        errors = {}
        if request.method == "POST":
            try:
                submissions.submit(db.session, current_user, person, kind, settings(),
                                   request.form.get("explanation"),
                                   request.form.get("dues_monthly"))
                flash(f"已{spec.label}，本阶段记录已锁定", "success")
                return redirect(self.get_url(".person", person_id=person.id))
            except DomainError as err:
                db.session.rollback()
                flash(err.message, "error")
                errors[err.field] = err.message
        return self.render("development/submit.html", person=person, spec=spec, warnings=warns,
                           errors=errors, form=request.form)
