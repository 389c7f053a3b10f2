"""The superior committee's queue: submissions of every branch below, and its decisions."""
from __future__ import annotations

import json

from flask import abort, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user

from actions import clock
from actions.development import counts, submissions
from actions.development.catalogue import SUBMISSION_STATUS, SUBMISSIONS
from actions.scoping import is_strictly_below
from models import DevSubmission, db
from models.codes import STAGE, STATUS
from views.base import SecureBaseView
from views.development import forms as F
from views.development.common import page_data, scoped
from views.field_checks import checks_fields
from views.helpers import run_action


class QueueView(SecureBaseView):
    """上级党委审核: pending submissions of all organisations below the user's."""

    @expose("/")
    def index(self):
        subs = db.session.execute(submissions.queue_query(current_user).limit(500)).scalars().all()
        return self.render("development/queue.html", subs=subs, kinds=SUBMISSIONS,
                           stage_names=STAGE)

    @expose("/<int:sub_id>", methods=("GET", "POST"))
    @checks_fields
    def detail(self, sub_id):
        sub = scoped(DevSubmission, sub_id)
        if not is_strictly_below(sub.person.org_path, current_user):
            abort(404)
        form = (F.DecideForm(request.form) if request.method == "POST"
                else F.DecideForm(outcome="approve")).for_kind(sub.kind)
        if request.method == "POST" and form.validate():
            if run_action(submissions.decide, db.session, current_user, sub, form.outcome.data,
                          form.opinion.data, form.decided_on.data, form.extension_months.data,
                          form=form, done="已处理")[0]:
                return redirect(url_for(".index"))
        data = page_data(sub.person)
        data.pop("person")
        data["can_write"] = False  # the committee reads the branch's file here
        return self.render("development/queue_detail.html", sub=sub, spec=SUBMISSIONS[sub.kind],
                           taken=json.loads(sub.warnings or "[]"), form=form,
                           status_names=SUBMISSION_STATUS,
                           stage_names=STAGE, status_names_person=STATUS,
                           **data)


def queue_reminder(user) -> list[dict]:
    """Home-page reminder: how many submissions wait for this user's committee."""
    if not user.can("operator"):
        return []
    n = counts.pending_below(db.session, user)
    return [{"label": "待审核的发展党员报审（备案、预审、审批、转正）", "count": n,
             "url": url_for("dev_queue.index"), "level": "danger"}]


DEADLINE_ITEMS = 10  # deadlines listed one by one on the home page


def deadline_reminder(user) -> list[dict]:
    """Home-page reminder: development deadlines due within 30 days in the user's jurisdiction."""
    from actions.development import pipeline

    today = clock.today()
    due = counts.due_within(db.session, user, today, first=DEADLINE_ITEMS)
    items = [{"label": f"发展党员期限：{p.name} {p.dev_due_what}截止 {p.dev_due_on}",
              "count": "到期" if p.dev_due_on < today else f"{(p.dev_due_on - today).days}天",
              "url": url_for("development.person", person_id=p.id), "level": "warning",
              "kind": "dev-deadline"} for p in due.first]
    if due.total > len(due.first):
        rest = due.total - len(due.first)
        items.append({"label": f"另有{rest}项发展党员期限在{pipeline.DUE_DAYS}天内到期",
                      "count": rest,
                      "url": url_for("dev_applicant.index_view", pipeline="due30"),
                      "level": "warning"})
    return items
