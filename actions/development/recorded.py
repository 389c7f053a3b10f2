"""The city manual's short paths: admissions and conversions decided outside the platform.

Organisations that keep the development record here go through the 25 steps. Members whose
admission or conversion happened on paper are recorded as facts: the steps the operator gives
are written into the development file marked 补录 (recorded after the fact), the rules' date
checks apply to the dates given, and the stage changes through actions.development.stages.
Where the organisation's new members need the parent's approval, the short path ends in a
submission (送审) that the parent decides in its queue like any other.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from actions import clock
from actions.development import file as devfile
from actions.development import stages
from actions.development.dates import add_months
from actions.errors import PermissionDenied, RuleViolation
from actions.scoping import ensure_in_scope
from models import DevRecord, DevSubmission, Person
from models.base import utcnow

RECORDED = "补录"  # DevRecord.status of a step recorded after the fact
ART = "《中国共产党发展党员工作细则》"


@dataclass
class Outcome:
    person: Person
    submitted: bool  # True: waits for the parent's decision (送审)


def _guard(actor, person: Person | None) -> Person:
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(person, actor)
    if person.status != "normal":
        raise RuleViolation("该人员当前状态不能办理")
    return person


def _day(value: date | None, label: str, field: str, today: date) -> date:
    if value is None:
        raise RuleViolation(f"请填写{label}", field)
    if value > today:
        raise RuleViolation(f"{label}不能晚于今天", field)
    return value


def _no_pending(session, person: Person) -> None:
    if session.execute(select(DevSubmission.id).where(
            DevSubmission.person_id == person.id, DevSubmission.status == "pending")).first():
        raise RuleViolation("已有报审等待上级党委处理")


def _record(session, actor, person: Person, kind: str, on: date, **values) -> DevRecord:
    rec = DevRecord(person_id=person.id, kind=kind, on_date=on, status=RECORDED,
                    author_id=getattr(actor, "id", None), **values)
    session.add(rec)
    return rec


def _submission(session, actor, person: Person, kind: str, decided_on: date | None,
                note: str) -> DevSubmission:
    """A submission to the parent: pending, or already decided outside (decided_on given)."""
    sub = DevSubmission(person_id=person.id, kind=kind, org_id=person.org_id,
                        submitted_by_id=getattr(actor, "id", None), warnings="[]",
                        explanation=f"{RECORDED}：{note}", status="pending")
    if decided_on is not None:
        sub.status, sub.decided_on, sub.decided_at = "approved", decided_on, utcnow()
        sub.opinion = f"{RECORDED}：上级党委已于{decided_on}审批（平台外办理）"
    session.add(sub)
    return sub


def _commit_or_undo(session, fn):
    try:
        result = fn()
        session.commit()
    except Exception:
        session.rollback()
        raise
    return result


def probation_end(session, person: Person) -> date | None:
    return devfile.load(session, person).probation_end()


def convertible(session, person: Person, today: date | None = None) -> bool:
    """A probationary member whose probation has ended or ends today."""
    end = probation_end(session, person) if person.stage == "probationary" else None
    return end is not None and end <= (today or clock.today())


def convert(session, actor, person: Person, full_on: date | None,
            meeting_on: date | None = None, today: date | None = None) -> Outcome:
    """转正 of a probationary member whose probation year has ended (the manual's §2a-viii).

    The full-membership date is the end of probation (R25, art. 32): an earlier date is
    refused. Where the organisation requires the parent's approval, this submits the
    conversion (the parent's decision makes him a full member); otherwise it is done now.
    """
    today = today or clock.today()
    _guard(actor, person)
    if person.stage != "probationary":
        raise RuleViolation("只有预备党员可以办理转正")
    end = probation_end(session, person)
    if end is None:
        raise RuleViolation("缺少入党日期，无法计算预备期", "full_on")
    if end > today:
        raise RuleViolation(f"预备期至{end}届满，届满后方可转正（{ART}第三十二条）", "full_on")
    full_on = _day(full_on, "转正日期", "full_on", today)
    if full_on < end:
        raise RuleViolation(f"转正日期不能早于预备期满之日{end}（{ART}第三十二条：预备党员转为正式"
                            f"党员的时间为预备期满之日）", "full_on")
    meeting_on = meeting_on or full_on
    _day(meeting_on, "支部大会讨论日期", "meeting_on", today)
    if meeting_on < end:
        raise RuleViolation(f"支部大会讨论转正应在预备期满之后（{ART}第三十三条）", "meeting_on")
    _no_pending(session, person)
    needs_parent = bool(person.org.requires_approval)

    def act():
        _record(session, actor, person, "conversion_meeting", meeting_on, result="按期转正",
                content=f"{RECORDED}：支部大会讨论同意按期转正（平台外办理），转正日期{full_on}")
        if needs_parent:
            _submission(session, actor, person, "conversion", None, "预备党员转正，材料在平台外")
        else:
            stages.convert_to_full(session, actor, person, full_on, today=today, commit=False)
        return Outcome(person, needs_parent)

    return _commit_or_undo(session, act)


@dataclass
class Admission:
    meeting_on: date | None  # 支部大会讨论接收日期 = 入党日期 (R19)
    approved_on: date | None  # 上级党委审批日期 (not asked where the parent decides here)
    introducers: tuple[str, str]
    target_on: date | None = None  # 确定为发展对象日期; the meeting date when not known
    note: str = ""


def _introducers(session, person: Person, names) -> list[tuple[str, Person | None]]:
    cleaned = [(n or "").strip() for n in names]
    if len(cleaned) != 2 or not all(cleaned):
        raise RuleViolation(f"请填写两名入党介绍人（{ART}第十四条）", "introducers")
    if cleaned[0] == cleaned[1]:
        raise RuleViolation(f"两名入党介绍人不能是同一人（{ART}第十四条）", "introducers")
    out = []
    for name in cleaned:
        if name in (person.name, person.id_number):
            raise RuleViolation(f"入党介绍人不能是本人（{ART}第十四条）", "introducers")
        known = session.execute(select(Person).where(Person.id_number == name.upper())
                                ).scalar_one_or_none() if len(name) == 18 else None
        if known is not None and known.stage != "full":
            raise RuleViolation(f"入党介绍人「{known.name}」不是正式党员（{ART}第十四条）",
                                "introducers")
        out.append((known.name if known else name, known))
    return out


def admit(session, actor, person: Person, data: Admission,
          today: date | None = None) -> Outcome:
    """积极分子 → 预备党员 decided outside the platform (the manual's §2c-ii).

    Writes the branch meeting, the introducers and the superior's approval into the
    development file marked 补录, after the rules' checks on the dates given: a year of
    cultivation before becoming a development target (art. 13), approval after the branch
    meeting and within three months, six with a reason (art. 24-25).
    """
    today = today or clock.today()
    _guard(actor, person)
    if person.stage != "activist":
        raise RuleViolation("只有入党积极分子可以补录为预备党员")
    meeting_on = _day(data.meeting_on, "支部大会讨论日期", "meeting_on", today)
    target_on = _day(data.target_on or meeting_on, "确定为发展对象日期", "target_on", today)
    if target_on > meeting_on:
        raise RuleViolation("确定为发展对象日期不能晚于支部大会讨论日期", "target_on")
    if person.activist_on is None:
        raise RuleViolation("缺少确定为入党积极分子日期，请先在发展档案中补全", "target_on")
    if target_on < add_months(person.activist_on, 12):
        raise RuleViolation(f"入党积极分子经过一年以上培养教育和考察方可列为发展对象"
                            f"（{ART}第十三条），"
                            f"确定为积极分子日期为{person.activist_on}", "target_on")
    needs_parent = bool(person.org.requires_approval)
    approved_on = None
    note = (data.note or "").strip()[:500]
    if not needs_parent:
        approved_on = _day(data.approved_on, "上级党委审批日期", "approved_on", today)
        if approved_on < meeting_on:
            raise RuleViolation(f"上级党委审批日期不能早于支部大会讨论日期（{ART}第二十四条）",
                                "approved_on")
        if approved_on > add_months(meeting_on, 6):
            raise RuleViolation(f"上级党委应在支部大会后三个月内审批，特殊情况可延长至六个月"
                                f"（{ART}第二十五条）", "approved_on")
        if approved_on > add_months(meeting_on, 3) and not note:
            raise RuleViolation(f"超过三个月审批须说明原因（{ART}第二十五条）", "note")
    introducers = _introducers(session, person, data.introducers)
    _no_pending(session, person)

    def act():
        stages.advance_to_target(session, actor, person, target_on, today=today,
                                 commit=False)
        for name, known in introducers:
            _record(session, actor, person, "introducer", target_on, host=name,
                    related_person_id=known.id if known else None,
                    content=f"{RECORDED}：入党介绍人{name}")
        _record(session, actor, person, "branch_meeting", meeting_on, result="同意接收为预备党员",
                content=f"{RECORDED}：支部大会讨论同意接收为预备党员（平台外办理）"
                        + (f"；{note}" if note else ""))
        # The superior's pre-review came before the branch meeting (art. 19), outside as well.
        _submission(session, actor, person, "prereview", target_on, "预审，材料在平台外")
        session.flush()
        _submission(session, actor, person, "approval", approved_on,
                    "接收预备党员，材料在平台外" + (f"；{note}" if note else ""))
        if not needs_parent:
            stages.admit_probationary(session, actor, person, meeting_on,  # R19
                                     decided_on=approved_on, today=today, commit=False)
        return Outcome(person, needs_parent)

    return _commit_or_undo(session, act)
