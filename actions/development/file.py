"""A person's development file as plain values: what every rule check reads."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from actions import clock
from models import DevRecord, DevSubmission, Person

from actions.development.dates import add_months

STAGE_ORDER = ("applicant", "activist", "target", "probationary", "full")


@dataclass
class Member:
    """A related person (cultivation contact, introducer) as the rules see them."""

    id: int
    stage: str
    full_on: date | None = None
    status: str = "normal"


@dataclass
class Rec:
    kind: str
    on_date: date
    end_date: date | None = None
    result: str | None = None
    status: str | None = None
    scope: str | None = None
    content: str | None = None
    host: str | None = None
    expected: int | None = None
    present: int | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    days: int | None = None
    hours: int | None = None
    months: int | None = None
    related: Member | None = None
    attachments: int = 0
    id: int | None = None


@dataclass
class Sub:
    kind: str
    status: str = "pending"
    submitted_on: date | None = None
    decided_on: date | None = None
    extension_months: int | None = None
    explanation: str | None = None


@dataclass
class DevFile:
    birth_date: date
    stage: str = "applicant"
    person_id: int | None = None
    status: str = "normal"
    applied_on: date | None = None
    activist_on: date | None = None
    target_on: date | None = None
    joined_on: date | None = None
    full_on: date | None = None
    records: list[Rec] = field(default_factory=list)
    submissions: list[Sub] = field(default_factory=list)
    today: date = field(default_factory=date.today)
    submitting: str | None = None  # the submission being prepared, counted as made

    def of(self, kind: str) -> list[Rec]:
        return sorted((r for r in self.records if r.kind == kind), key=lambda r: r.on_date)

    def first(self, kind: str) -> Rec | None:
        found = self.of(kind)
        return found[0] if found else None

    def last(self, kind: str) -> Rec | None:
        found = self.of(kind)
        return found[-1] if found else None

    def sub(self, kind: str) -> Sub | None:
        """Return the latest submission of a kind (the one being prepared counts)."""
        found = [s for s in self.submissions if s.kind == kind]
        if not found and self.submitting == kind:
            return Sub(kind, "pending", self.today)
        return found[-1] if found else None

    def approved(self, kind: str) -> Sub | None:
        found = self.sub(kind)
        return found if found is not None and found.status in ("approved",) else None

    def reached(self, stage: str) -> bool:
        return STAGE_ORDER.index(self.stage) >= STAGE_ORDER.index(stage)

    def application(self) -> Rec | None:
        valid = [r for r in self.of("application") if r.status != "returned"]
        return valid[0] if valid else None

    def extension_months(self) -> int:
        return sum(s.extension_months or 0 for s in self.submissions
                   if s.kind == "conversion" and s.status == "extended")

    def probation_end(self) -> date | None:
        """End of probation: 12 months after the branch meeting, plus any extension (R19, R23)."""
        if self.joined_on is None:
            return None
        return add_months(self.joined_on, 12 + self.extension_months())


def _member(person: Person | None) -> Member | None:
    if person is None:
        return None
    return Member(person.id, person.stage, person.full_on, person.status)


def load(session, person: Person, today: date | None = None,
         submitting: str | None = None) -> DevFile:
    """Read a person's development file from the database."""
    records = session.execute(
        select(DevRecord).where(DevRecord.person_id == person.id).order_by(DevRecord.on_date,
                                                                            DevRecord.id)
    ).scalars().all()
    subs = session.execute(
        select(DevSubmission).where(DevSubmission.person_id == person.id)
        .order_by(DevSubmission.id)
    ).scalars().all()
    return DevFile(
        birth_date=person.birth_date, stage=person.stage, person_id=person.id,
        status=person.status, applied_on=person.applied_on, activist_on=person.activist_on,
        target_on=person.target_on, joined_on=person.joined_on, full_on=person.full_on,
        records=[Rec(
            kind=r.kind, on_date=r.on_date, end_date=r.end_date, result=r.result,
            status=r.status, scope=r.scope, content=r.content, host=r.host,
            expected=r.expected, present=r.present, votes_for=r.votes_for,
            votes_against=r.votes_against, votes_abstain=r.votes_abstain, days=r.days,
            hours=r.hours, months=r.months, related=_member(r.related_person),
            attachments=len(r.attachments), id=r.id) for r in records],
        submissions=[Sub(s.kind, s.status, s.submitted_at.date(), s.decided_on,
                         s.extension_months, s.explanation) for s in subs],
        today=today or clock.today(), submitting=submitting,
    )
