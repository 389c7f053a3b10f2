"""Menu entries, the member-page tab and the home-page reminder of the development screens."""
from __future__ import annotations

from flask import render_template

from models import DevSubmission, Person
from views.development.common import page_data
from views.development.lists import (
    ActivistView,
    ApplicantView,
    SubmissionListView,
    TargetView,
)
from views.development.page import DevelopmentView
from views.development.queue import QueueView, deadline_reminder, queue_reminder
from views.development.rule_settings import RuleSettingsView
from views.development.shortcuts import ProbationaryWithConversion, ShortPathView
from views.home import REMINDERS
from views.members.tabs import register_tab

DEVELOPMENT = "发展党员"
SETTINGS = "系统管理"  # one system menu: the settings sit with users and the audit log


def _tab(person):
    return render_template("development/steps.html", embedded=True, **page_data(person))


def _has_file(person) -> bool:
    return person.stage in ("applicant", "activist", "target", "probationary") or bool(
        person.applied_on)


def register(admin) -> None:
    admin.add_view(ApplicantView(Person, name="入党申请人", category=DEVELOPMENT,
                                 endpoint="dev_applicant"))
    admin.add_view(ActivistView(Person, name="入党积极分子", category=DEVELOPMENT,
                                endpoint="dev_activist"))
    admin.add_view(TargetView(Person, name="发展对象", category=DEVELOPMENT, endpoint="dev_target"))
    admin.add_view(ProbationaryWithConversion(Person, name="预备党员", category=DEVELOPMENT,
                                              endpoint="dev_probationary"))
    admin.add_view(ShortPathView(name="补录入党和转正", category=DEVELOPMENT,
                                 endpoint="dev_shortcuts"))
    admin.add_view(QueueView(name="上级党委审核", category=DEVELOPMENT, endpoint="dev_queue"))
    admin.add_view(SubmissionListView(DevSubmission, name="发展报审记录", category=DEVELOPMENT,
                                      endpoint="dev_submission"))
    # The development page is opened from the lists, not from the menu.
    admin.add_view(DevelopmentView(name="发展档案", endpoint="development"))
    admin.add_view(RuleSettingsView(name="发展党员规则设置", category=SETTINGS,
                                    endpoint="dev_rule_settings"))
    register_tab("development", "发展档案", _tab, order=40, visible=_has_file)
    for reminder in (queue_reminder, deadline_reminder):
        if reminder not in REMINDERS:
            REMINDERS.append(reminder)
