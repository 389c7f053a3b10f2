"""The superior committee's queue: submissions of every branch below, and its decisions."""
from __future__ import annotations

import json
from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import func, select

from actions import clock
from actions.development import submissions
from actions.development.catalogue import SUBMISSION_STATUS, SUBMISSIONS
from actions.errors import DomainError
from actions.scoping import is_strictly_below
from models import DevSubmission, db
from models.codes import STAGE, STATUS
from views.base import SecureBaseView
from views.development.common import page_data, scoped


def _date(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise DomainError("决定日期格式应为年-月-日", "decided_on") from None


class QueueView(SecureBaseView):
    """上级党委审核: pending submissions of all organisations below the user's."""

    @expose("/")
    def index(self):
        subs = db.session.execute(submissions.queue_query(current_user).limit(500)).scalars().all()
        return self.render("development/queue.html", subs=subs, kinds=SUBMISSIONS,
                           stage_names=STAGE)

    @expose("/<int:sub_id>", methods=("GET", "POST"))
    def detail(self, sub_id):
        sub = scoped(DevSubmission, sub_id)
        if not is_strictly_below(sub.person.org_path, current_user):
            abort(404)
        errors = {}
        if request.method == "POST":
            try:
                submissions.decide(db.session, current_user, sub, request.form.get("outcome"),
                                   request.form.get("opinion"), _date(request.form.get("decided_on")),
                                   request.form.get("extension_months"))
                flash("已处理", "success")
                return redirect(url_for(".index"))
            except DomainError as err:
                db.session.rollback()
                flash(err.message, "error")
                errors[err.field] = err.message
        data = page_data(sub.person)
        data.pop("person")
        data["can_write"] = False  # the committee reads the branch's file here
        return self.render("development/queue_detail.html", sub=sub, spec=SUBMISSIONS[sub.kind],
                           taken=json.loads(sub.warnings or "[]"), errors=errors,
                           form=request.form, status_names=SUBMISSION_STATUS,
                           stage_names=STAGE, status_names_person=STATUS,
                           **data)


def queue_reminder(user) -> list[dict]:
    """Home-page reminder: how many submissions wait for this user's committee."""
    if not user.can("operator"):
        return []
    stmt = submissions.queue_query(user).order_by(None)
    n = db.session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    return [{"label": "待审核的发展党员报审（备案、预审、审批、转正）", "count": n,
             "url": url_for("dev_queue.index"), "level": "danger"}]


DEADLINE_ITEMS = 10  # deadlines listed one by one on the home page


def deadline_reminder(user) -> list[dict]:
    """Home-page reminder: development deadlines due within 30 days in the user's jurisdiction."""
    from actions.development import deadlines, pipeline

    today = clock.today()
    due = deadlines.due_within(db.session, user, today, first=DEADLINE_ITEMS)
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
