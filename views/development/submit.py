"""Submitting a stage to the superior committee, with the warnings and the 情况说明."""
from __future__ import annotations

from flask import flash, redirect, request
from flask_admin import expose
from flask_login import current_user

from actions.development import submissions
from actions.development.catalogue import SUBMISSIONS
from models import DevSubmission, Person, db
from views.development import forms as F
from views.development.common import scoped, settings
from views.field_checks import checks_fields
from views.helpers import run_action


class SubmitRoutes:
    """Routes of the development page that submit a stage (mixed into DevelopmentView)."""

    @expose("/person/<int:person_id>/submit/<kind>", methods=("GET", "POST"))
    @checks_fields
    def submit(self, person_id, kind):
        person = scoped(Person, person_id)
        spec = SUBMISSIONS.get(kind)
        if spec is None:
            return redirect(self.get_url(".person", person_id=person.id))
        blocked = submissions.blocker(db.session, person, kind)
        if blocked:
            flash(blocked, "error")
            return redirect(self.get_url(".person", person_id=person.id))
        warns = submissions.preview(db.session, current_user, person, kind, settings())
        form = F.SubmitForm(request.form if request.method == "POST" else None)
        if request.method == "POST" and form.validate():
            ok, _ = run_action(submissions.submit, db.session, current_user, person, kind,
                               settings(), form.explanation.data, form.dues_monthly.data,
                               form=form, done=f"已{spec.label}，本阶段记录已锁定")
            if ok:
                return redirect(self.get_url(".person", person_id=person.id))
        return self.render("development/submit.html", person=person, spec=spec, warnings=warns,
                           form=form)

    @expose("/submission/<int:sub_id>/withdraw", methods=("POST",))
    def withdraw(self, sub_id):
        sub = scoped(DevSubmission, sub_id)
        run_action(submissions.withdraw, db.session, current_user, sub,
                   done=f"已撤回{SUBMISSIONS[sub.kind].label}，本阶段记录已解除锁定")
        return redirect(self.get_url(".person", person_id=sub.person_id))
