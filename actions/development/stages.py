"""Stage advancement of a person: applicant → activist → target → probationary → full.

The public functions commit; the `apply_*` helpers change the person without committing so
that a superior's decision and the advancement it causes are one transaction. The activists
screen and the superior's queue both advance people only through these functions.
"""
from __future__ import annotations

from datetime import date

from actions import clock
from models import DevRecord, Person

from actions.errors import PermissionDenied, RuleViolation
from actions.scoping import ensure_in_scope

# stage -> (previous stage, Person date column, Chinese label of the date)
STEPS = {
    "activist": ("applicant", "activist_on", "确定积极分子日期"),
    "target": ("activist", "target_on", "确定发展对象日期"),
    "probationary": ("target", "joined_on", "入党日期"),
    "full": ("probationary", "full_on", "转正日期"),
}
PREVIOUS_DATE = {"activist_on": "applied_on", "target_on": "activist_on",
                 "joined_on": "target_on", "full_on": "joined_on"}


def _guard(actor, person: Person) -> None:
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(person, actor)
    if person.status != "normal":
        raise RuleViolation("该人员当前状态不能办理发展手续")


def apply_stage(person: Person, stage: str, on: date, today: date | None = None) -> None:
    """Move a person one stage on with the date of that stage (no commit)."""
    if stage not in STEPS:
        raise RuleViolation("人员阶段无效", "stage")
    previous, column, label = STEPS[stage]
    if person.stage != previous:
        raise RuleViolation(f"只能从上一阶段进入本阶段（当前为{person.stage}）")
    if on is None:
        raise RuleViolation(f"请填写{label}", column)
    if on > (today or clock.today()):
        raise RuleViolation(f"{label}不能晚于今天", column)
    before = getattr(person, PREVIOUS_DATE[column])
    if before is not None and on < before:
        raise RuleViolation(f"{label}不能早于上一阶段日期{before}", column)
    person.stage = stage
    setattr(person, column, on)


def _advance(session, actor, person: Person, stage: str, on: date) -> Person:
    _guard(actor, person)
    apply_stage(person, stage, on)
    session.commit()
    return person


def advance_to_activist(session, actor, person: Person, activist_on: date) -> Person:
    """Make an applicant an activist (入党积极分子) from the branch committee's decision date."""
    return _advance(session, actor, person, "activist", activist_on)


def advance_to_target(session, actor, person: Person, target_on: date) -> Person:
    """Make an activist a development target (发展对象)."""
    return _advance(session, actor, person, "target", target_on)


def admit_probationary(session, actor, person: Person, joined_on: date) -> Person:
    """Admit a development target as probationary member from the branch-meeting date (R19)."""
    return _advance(session, actor, person, "probationary", joined_on)


def convert_to_full(session, actor, person: Person, full_on: date) -> Person:
    """Make a probationary member a full member from the end of probation (R25)."""
    return _advance(session, actor, person, "full", full_on)


def apply_end(session, actor, person: Person, reason: str, on: date) -> DevRecord:
    """End a person's development (no commit): status 发展终止, reason kept as a record."""
    person.status = "ended"
    rec = DevRecord(person_id=person.id, kind="termination", on_date=on, reason=reason[:500],
                    author_id=getattr(actor, "id", None), title="发展流程终止")
    session.add(rec)
    return rec


def end_development(session, actor, person: Person, reason: str, on: date | None = None):
    """End a person's development process, keeping the person with the reason."""
    _guard(actor, person)
    if not (reason or "").strip():
        raise RuleViolation("请填写终止原因", "reason")
    rec = apply_end(session, actor, person, reason.strip(), on or clock.today())
    session.commit()
    return rec
