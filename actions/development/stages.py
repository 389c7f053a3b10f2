"""Stage changes of a person: applicant → activist → target → probationary → full, or ended.

These functions are the only way a person's development stage changes: the superior's decision
(`submissions.decide`) and every shortcut call them. They hold the hard limits — minimums fixed
by the regulation that no 情况说明 can excuse — and refuse with a Chinese message naming the
article. Everything else the regulation asks is a warning (a light) of `rules`.

With commit=False the caller commits, so that a decision and the change it causes are one
transaction.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from actions import clock
from actions.development.dates import add_months, age_on
from actions.errors import PermissionDenied, RuleViolation
from actions.scoping import ensure_in_scope
from models import DevRecord, DevSubmission, Person

# stage -> (previous stage, Person date column, Chinese label of the date)
STEPS = {
    "activist": ("applicant", "activist_on", "确定积极分子日期"),
    "target": ("activist", "target_on", "确定发展对象日期"),
    "probationary": ("target", "joined_on", "入党日期"),
    "full": ("probationary", "full_on", "转正日期"),
}
PREVIOUS_DATE = {"activist_on": "applied_on", "target_on": "activist_on",
                 "joined_on": "target_on", "full_on": "joined_on"}
STAGE_LABELS = {"applicant": "入党申请人", "activist": "入党积极分子", "target": "发展对象",
                "probationary": "预备党员", "full": "正式党员"}

# The hard limits, listed in the README (rule id of the light that also names it, if any).
HARD_LIMITS = (
    ("一次只进一个阶段，须由上一阶段进入", "《细则》第二章至第五章的程序顺序"),
    ("阶段日期不能晚于今天，不能早于上一阶段日期", "《细则》程序顺序（R27）"),
    ("上级党委的决定日期不能早于其所决定的支部记录日期，不能晚于今天", "《细则》第十、十四、二十四、三十四条"),
    ("报党委审批须先通过预审", "《细则》第十九条（R13）"),
    ("接收为预备党员时须年满十八周岁", "《党章》第一条（R01）"),
    ("讨论转正的支部大会不能早于预备期满（延长预备期的，不能早于延长期满）", "《细则》第三十二、三十三条（R23、R27）"),
    ("转正审批不能早于预备期满之日；转正日期为预备期满之日，不能是将来的日期", "《细则》第三十二、三十四条（R25）"),
)


def _guard(actor, person: Person) -> None:
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(person, actor)
    if person.status != "normal":
        raise RuleViolation("该人员当前状态不能办理发展手续")


def _today(today: date | None) -> date:
    return today or clock.today()


def _change(session, actor, person: Person, stage: str, on: date | None,
            decided_on: date | None, today: date | None, commit: bool) -> Person:
    """Move a person one stage on, dated `on`, after the checks every stage shares."""
    _guard(actor, person)
    today = _today(today)
    previous, column, label = STEPS[stage]
    if person.stage != previous:
        raise RuleViolation(f"只能从“{STAGE_LABELS[previous]}”进入“{STAGE_LABELS[stage]}”"
                            f"（当前为{STAGE_LABELS.get(person.stage, person.stage)}）")
    if on is None:
        raise RuleViolation(f"请填写{label}", column)
    if on > today:
        raise RuleViolation(f"{label}不能晚于今天", column)
    before = getattr(person, PREVIOUS_DATE[column])
    if before is not None and on < before:
        raise RuleViolation(f"{label}{on}不能早于上一阶段日期{before}（《细则》程序顺序）", column)
    if decided_on is not None:
        if decided_on > today:
            raise RuleViolation("决定日期不能晚于今天", "decided_on")
        if stage != "full" and decided_on < on:
            raise RuleViolation(f"上级党委的决定日期{decided_on}不能早于支部的决定日期{on}",
                                "decided_on")
    person.stage = stage
    setattr(person, column, on)
    if commit:
        session.commit()
    else:
        session.flush()
    return person


def advance_to_activist(session, actor, person: Person, activist_on: date, *,
                        decided_on: date | None = None, today: date | None = None,
                        commit: bool = True) -> Person:
    """Make an applicant an activist (入党积极分子) from the branch committee's decision date."""
    return _change(session, actor, person, "activist", activist_on, decided_on, today, commit)


def advance_to_target(session, actor, person: Person, target_on: date, *,
                      decided_on: date | None = None, today: date | None = None,
                      commit: bool = True) -> Person:
    """Make an activist a development target (发展对象) from the branch committee's date."""
    return _change(session, actor, person, "target", target_on, decided_on, today, commit)


def admit_probationary(session, actor, person: Person, joined_on: date, *,
                       decided_on: date | None = None, today: date | None = None,
                       commit: bool = True) -> Person:
    """Admit a development target as probationary member from the branch-meeting date (R19)."""
    if person.birth_date and joined_on and age_on(person.birth_date, joined_on) < 18:
        raise RuleViolation("接收为预备党员时须年满十八周岁（《党章》第一条）", "joined_on")
    if person.stage == "target":
        passed = session.execute(select(DevSubmission.id).where(
            DevSubmission.person_id == person.id, DevSubmission.kind == "prereview",
            DevSubmission.status == "approved")).first()
        if not passed:
            raise RuleViolation("须先通过上级党委预审（《细则》第十九条）")
    return _change(session, actor, person, "probationary", joined_on, decided_on, today, commit)


def extension_months(session, person: Person) -> int:
    """Months of probation extension the superior granted (延长预备期)."""
    months = session.execute(select(DevSubmission.extension_months).where(
        DevSubmission.person_id == person.id, DevSubmission.kind == "conversion",
        DevSubmission.status == "extended")).scalars().all()
    return sum(m or 0 for m in months)


def probation_end(session, person: Person) -> date | None:
    """End of probation: a year from the branch meeting, plus any extension (《细则》第三十二条)."""
    if person.joined_on is None:
        return None
    return add_months(person.joined_on, 12 + extension_months(session, person))


def check_conversion_meeting(session, person: Person, on: date | None) -> None:
    """Refuse a conversion meeting dated before the end of probation (a hard limit)."""
    end = probation_end(session, person)
    if on is not None and end is not None and on < end:
        raise RuleViolation(f"预备期至{end}届满，讨论转正的支部大会不能早于预备期满"
                            f"（《细则》第三十二、三十三条）", "on_date")


def convert_to_full(session, actor, person: Person, full_on: date | None = None, *,
                    decided_on: date | None = None, today: date | None = None,
                    commit: bool = True) -> Person:
    """Make a probationary member a full member from the end of probation (R25).

    The full date is the end of probation whatever the approval date; the approval and the
    branch meeting it approves cannot come before it, so the date is never in the future.
    """
    if person.stage == "probationary":
        end = probation_end(session, person)
        full_on = full_on or end
        if end is not None and full_on < end:
            raise RuleViolation(f"转正日期不能早于预备期满之日{end}（《细则》第三十二条）", "full_on")
        meeting = session.execute(select(DevRecord.on_date).where(
            DevRecord.person_id == person.id, DevRecord.kind == "conversion_meeting")
            .order_by(DevRecord.on_date.desc()).limit(1)).scalar_one_or_none()
        if meeting is not None:
            check_conversion_meeting(session, person, meeting)
        if decided_on is not None and full_on is not None and decided_on < full_on:
            raise RuleViolation(f"转正审批日期{decided_on}不能早于预备期满之日{full_on}"
                                f"（《细则》第三十二、三十四条）", "decided_on")
    return _change(session, actor, person, "full", full_on, decided_on, today, commit)


def end_development(session, actor, person: Person, reason: str, on: date | None = None, *,
                    commit: bool = True) -> DevRecord:
    """End a person's development (发展终止), keeping the person and the reason as a record."""
    _guard(actor, person)
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请填写终止原因", "reason")
    on = on or clock.today()
    if on > clock.today():
        raise RuleViolation("终止日期不能晚于今天", "on_date")
    person.status = "ended"
    rec = DevRecord(person_id=person.id, kind="termination", on_date=on, reason=reason[:500],
                    author_id=getattr(actor, "id", None), title="发展流程终止")
    session.add(rec)
    if commit:
        session.commit()
    else:
        session.flush()
    return rec
