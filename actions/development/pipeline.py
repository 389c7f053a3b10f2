"""Across people: where each one is (current step), how many lights, and the next deadline.

Files are loaded in two queries for a whole set of people, so a stage list can be filtered by
lights or deadlines and sorted by deadline without one query per person.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from actions import clock
from actions.development import rules
from actions.development.catalogue import STEPS
from actions.development.dates import add_months
from actions.development.file import DevFile, Rec, Sub, _member, _snapshots
from actions.development.settings import RuleSettings
from models import DevRecord, DevSubmission, Person

# People whose development is under way.
DEV_STAGES = ("applicant", "activist", "target", "probationary")
DUE_DAYS = 30


@dataclass
class Progress:
    step: int
    step_label: str
    lights: int
    deadline: date | None
    deadline_label: str | None

    @property
    def deadline_text(self) -> str:
        return f"{self.deadline_label}截止 {self.deadline}" if self.deadline else ""


def load_files(session, people: list[Person], today: date) -> dict[int, DevFile]:
    """Development files of many people, in two queries."""
    ids = [p.id for p in people]
    if not ids:
        return {}
    recs: dict[int, list] = {i: [] for i in ids}
    subs: dict[int, list] = {i: [] for i in ids}
    for r in session.execute(select(DevRecord).where(DevRecord.person_id.in_(ids))
                             .options(selectinload(DevRecord.attachments),
                                      selectinload(DevRecord.related_person))
                             .order_by(DevRecord.on_date, DevRecord.id)).scalars():
        recs[r.person_id].append(r)
    for s in session.execute(select(DevSubmission).where(DevSubmission.person_id.in_(ids))
                             .order_by(DevSubmission.id)).scalars():
        subs[s.person_id].append(s)
    out = {}
    for p in people:
        out[p.id] = DevFile(
            birth_date=p.birth_date, stage=p.stage, person_id=p.id, status=p.status,
            applied_on=p.applied_on, activist_on=p.activist_on, target_on=p.target_on,
            joined_on=p.joined_on, full_on=p.full_on,
            records=[Rec(kind=r.kind, on_date=r.on_date, end_date=r.end_date, result=r.result,
                         status=r.status, scope=r.scope, content=r.content, host=r.host,
                         expected=r.expected, present=r.present, votes_for=r.votes_for,
                         votes_against=r.votes_against, votes_abstain=r.votes_abstain,
                         days=r.days, hours=r.hours, months=r.months,
                         related=_member(r.related_person), attachments=len(r.attachments),
                         id=r.id) for r in recs[p.id]],
            submissions=[Sub(s.kind, s.status, s.submitted_at.date(), s.decided_on,
                             s.extension_months, s.explanation) for s in subs[p.id]],
            today=today, snapshots=_snapshots(subs[p.id]))
    return out


def _deadlines(f: DevFile, s: RuleSettings) -> list[tuple[date, str]]:
    """The dates by which the next things are due for this person (not yet done)."""
    out = []
    app = f.application()
    if f.stage == "applicant" and app and not f.of("talk"):
        out.append((add_months(app.on_date, 1), "谈话"))
    if f.stage in ("activist", "target") and f.activist_on and f.stage == "activist":
        seen = [r.on_date for r in f.of("inspection")]
        k = 0
        while True:
            lo, hi = add_months(f.activist_on, k * s.inspection_months), add_months(
                f.activist_on, (k + 1) * s.inspection_months)
            if hi > f.today or not any(lo <= d < hi for d in seen):
                out.append((hi - timedelta(days=1), "支部考察"))
                break
            k += 1
    prereview = f.approved("prereview")
    meeting = f.last("branch_meeting")
    limit = s.on(prereview.decided_on if prereview else None).meeting_deadline
    if f.stage == "target" and prereview and prereview.decided_on and not meeting and limit:
        out.append((add_months(prereview.decided_on, limit), "支部大会"))
    if meeting and f.approved("approval") is None and f.stage in ("target", "probationary") \
            and (f.sub("approval") is None or f.sub("approval").status == "pending"):
        out.append((add_months(meeting.on_date, s.approval_months), "上级党委审批"))
    if f.stage == "probationary" and f.joined_on:
        approved = f.approved("approval")
        oath_limit = s.on(approved.decided_on if approved else None).oath_deadline
        if approved and approved.decided_on and not f.of("oath"):
            out.append((add_months(approved.decided_on, oath_limit or 1), "入党宣誓"))
        end = f.probation_end()
        if not f.of("conversion_meeting") or (
                f.sub("conversion") is not None and f.sub("conversion").status == "extended"
                and f.last("conversion_meeting").on_date < end):
            grace = s.conversion_meeting_within_months or 1
            out.append((add_months(end, grace), "转正讨论"))
        conv = f.last("conversion_meeting")
        if conv and (f.sub("conversion") is None or f.sub("conversion").status == "pending"):
            out.append((add_months(conv.on_date, s.approval_months), "转正审批"))
    return out


def next_deadline(f: DevFile, s: RuleSettings) -> tuple[date | None, str | None]:
    """The nearest date by which something is due for this person, and what (or None, None)."""
    dues = sorted(_deadlines(f, s))
    return dues[0] if dues else (None, None)


def progress(f: DevFile, s: RuleSettings) -> Progress:
    """Current step (the first not done), number of lights and the nearest deadline."""
    found = rules.evaluate(f, s)
    lights = sum(1 for r in found if r.state == "warning")
    first = {"applicant": 1, "activist": 3, "target": 7, "probationary": 15, "full": 25}[f.stage]
    step = next((n for n in STEPS if n >= first and not rules.DONE[n](f)), 25)
    deadline, label = next_deadline(f, s)
    return Progress(step, STEPS[step][1], lights, deadline, label)


def for_people(session, people: list[Person], s: RuleSettings,
               today: date | None = None) -> dict[int, Progress]:
    today = today or clock.today()
    files = load_files(session, people, today)
    return {pid: progress(f, s) for pid, f in files.items()}
