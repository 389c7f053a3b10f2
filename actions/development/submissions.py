"""Submissions to the superior committee and its decisions (备案, 预审, 审批, 转正审批)."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from actions import clock
from actions.development import file as devfile
from actions.development import rules, stages
from actions.development.catalogue import SUBMISSIONS
from actions.development.settings import RuleSettings
from actions.errors import Conflict, PermissionDenied, RuleViolation
from actions.members.dues import money
from actions.scoping import ensure_in_scope, is_strictly_below
from models import DevRecord, DevSubmission, Person, path_bounds
from models.base import utcnow

# Record a submission needs so that the decision can give the person the right date.
NEEDS = {"activist_filing": ("committee_activist", "支委会决议（确定入党积极分子）"),
         "target_filing": ("committee_target", "支委会上报备案意见（确定发展对象）"),
         "prereview": ("committee_review", "支委会审查及上报预审意见"),
         "approval": ("branch_meeting", "支部大会会议记录"),
         "conversion": ("conversion_meeting", "支部大会会议记录（预备党员转正）")}
MAX_MONTHLY_DUES = Decimal("100000")


def preview(session, actor, person: Person, kind: str, settings: RuleSettings,
            today: date | None = None) -> list[rules.Result]:
    """Return the warnings the submission would carry if made now."""
    ensure_in_scope(person, actor)
    f = devfile.load(session, person, today, submitting=kind)
    return rules.warnings(f, settings)


def _latest(session, person_id: int, kind: str | None = None):
    stmt = select(DevSubmission).where(DevSubmission.person_id == person_id)
    if kind:
        stmt = stmt.where(DevSubmission.kind == kind)
    return session.execute(stmt.order_by(DevSubmission.id.desc()).limit(1)).scalar_one_or_none()


def _check_can_submit(session, person: Person, kind: str) -> None:
    spec = SUBMISSIONS.get(kind)
    if spec is None:
        raise RuleViolation("报审类型无效")
    if person.status != "normal":
        raise RuleViolation("该人员发展流程已终止或状态异常")
    if person.stage != spec.stage:
        raise RuleViolation(f"当前阶段不能{spec.label}")
    if kind == "approval":
        pre = _latest(session, person.id, "prereview")
        if pre is None or pre.status != "approved":
            raise RuleViolation("须先通过党委预审（《细则》第十九条）")
    pending = session.execute(select(DevSubmission.id).where(
        DevSubmission.person_id == person.id, DevSubmission.status == "pending")).first()
    if pending:
        raise RuleViolation("已有报审等待上级党委处理")
    last = _latest(session, person.id, kind)
    if last is not None and last.status not in ("extended", "withdrawn"):
        raise RuleViolation(f"已{spec.label}，不能重复报送")
    record_kind, label = NEEDS[kind]
    day = _record_date(session, person.id, record_kind)
    if day is None:
        raise RuleViolation(f"请先录入{label}")
    if kind == "conversion":
        stages.check_conversion_meeting(session, person, day)


def blocker(session, person: Person, kind: str) -> str | None:
    """Why a submission cannot be made now (None when it can): the pages offer only what works."""
    try:
        _check_can_submit(session, person, kind)
    except RuleViolation as err:
        return err.message
    return None


def _monthly_dues(value) -> Decimal:
    """The probationary member's monthly dues: a yuan amount (dues.money), at most 100,000."""
    amount = money(value, "dues_monthly")
    if amount > MAX_MONTHLY_DUES:
        raise RuleViolation("每月应缴党费金额应在0至100000元之间", "dues_monthly")
    return amount


def submit(session, actor, person: Person, kind: str, settings: RuleSettings,
           explanation: str | None = None, dues_monthly=None,
           today: date | None = None) -> DevSubmission:
    """Submit a stage to the superior committee; warnings need a 情况说明; records lock."""
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(person, actor)
    _check_can_submit(session, person, kind)
    warns = preview(session, actor, person, kind, settings, today)
    explanation = (explanation or "").strip() or None
    if warns and not explanation:
        raise RuleViolation("存在亮灯提示，继续报送须填写情况说明", "explanation")
    if explanation and len(explanation) > 5000:
        raise RuleViolation("情况说明不能超过5000个字", "explanation")
    dues = None
    if SUBMISSIONS[kind].asks_dues:
        if dues_monthly in (None, ""):
            raise RuleViolation("请填写预备党员每月应缴党费金额", "dues_monthly")
        dues = _monthly_dues(dues_monthly)
    sub = DevSubmission(person_id=person.id, kind=kind, org_id=person.org_id,
                        submitted_by_id=actor.id, explanation=explanation, dues_monthly=dues,
                        warnings=json.dumps([w.as_dict() for w in warns], ensure_ascii=False),
                        rules=json.dumps(settings.as_mapping(), ensure_ascii=False),
                        status="pending")
    session.add(sub)
    session.commit()
    return sub


def withdraw(session, actor, sub: DevSubmission) -> DevSubmission:
    """Withdraw a pending submission before the superior decides; its records unlock."""
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(sub.person, actor)
    if sub.status != "pending":
        raise Conflict("上级党委已处理该报审，不能撤回")
    sub.status = "withdrawn"
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict() from None
    return sub


def queue_query(actor):
    """Select pending submissions of every organisation strictly below the actor's."""
    lo, hi = path_bounds(actor.org.path)
    # From the pending submissions to their people: SQLite, which cannot size a path range,
    # would otherwise walk every person of a large jurisdiction.
    return (select(DevSubmission).join(Person, Person.id == DevSubmission.person_id)
            .where(Person.org_path > lo, Person.org_path < hi,
                   DevSubmission.status == "pending")
            .with_hint(DevSubmission, "INDEXED BY ix_dev_submission_status", "sqlite")
            .order_by(DevSubmission.submitted_at, DevSubmission.id))


def _record_date(session, person_id: int, kind: str) -> date | None:
    return session.execute(select(DevRecord.on_date).where(
        DevRecord.person_id == person_id, DevRecord.kind == kind)
        .order_by(DevRecord.on_date.desc()).limit(1)).scalar_one_or_none()


OUTCOMES = {"approve": "approved", "reject": "rejected", "extend": "extended",
            "cancel": "cancelled"}


def decide(session, actor, sub: DevSubmission, outcome: str, opinion: str | None,
           decided_on: date | None = None, extension_months=None,
           today: date | None = None) -> DevSubmission:
    """Record the superior committee's decision and advance or end the person accordingly."""
    today = today or clock.today()
    person = sub.person
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(person, actor)
    if not is_strictly_below(person.org_path, actor):
        raise PermissionDenied("只有上级党组织可以审核本报审")
    if sub.status != "pending":
        raise Conflict("该报审已处理")
    opinion = (opinion or "").strip()
    if len(opinion) > 1000:
        raise RuleViolation("意见不能超过1000个字", "opinion")
    allowed = ("approve", "extend", "cancel") if sub.kind == "conversion" else ("approve", "reject")
    if outcome not in allowed:
        raise RuleViolation("请选择有效的审核结果", "outcome")
    if outcome != "approve" and not opinion:
        raise RuleViolation("请填写意见", "opinion")
    decided_on = decided_on or today
    # Files kept on paper are entered later: the decision may be dated back, but not
    # before the branch's record it decides on.
    floor = _record_date(session, person.id, NEEDS[sub.kind][0])
    if decided_on > today or (floor and decided_on < floor):
        raise RuleViolation(f"决定日期应在{floor}至今天之间", "decided_on")
    sub.status, sub.opinion, sub.decided_on = OUTCOMES[outcome], opinion or "同意", decided_on
    sub.decided_by_id, sub.decided_at = actor.id, utcnow()
    if outcome == "approve":
        _advance(session, actor, sub, person, decided_on, today)
    elif outcome == "extend":
        _extend(session, sub, person, extension_months)
    else:
        reason = ("取消预备党员资格：" if outcome == "cancel" else
                  f"{SUBMISSIONS[sub.kind].label}未获同意：") + opinion
        stages.end_development(session, actor, person, reason, decided_on, commit=False)
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict() from None
    return sub


def _advance(session, actor, sub: DevSubmission, person: Person, decided_on: date,
             today: date) -> None:
    """An approval moves the person on through the stage functions (their hard limits hold)."""
    day = _record_date(session, person.id, NEEDS[sub.kind][0])
    kw = {"decided_on": decided_on, "today": today, "commit": False}
    if sub.kind == "activist_filing":
        stages.advance_to_activist(session, actor, person, day, **kw)
    elif sub.kind == "target_filing":
        stages.advance_to_target(session, actor, person, day, **kw)
    elif sub.kind == "approval":
        stages.admit_probationary(session, actor, person, day, **kw)  # R19: the meeting date
    elif sub.kind == "conversion":
        stages.convert_to_full(session, actor, person, None, **kw)  # R25: end of probation
    # prereview changes no stage


def _extend(session, sub: DevSubmission, person: Person, months) -> None:
    try:
        months = int(months)
    except (TypeError, ValueError):
        raise RuleViolation("请填写延长预备期月数", "extension_months") from None
    if not 6 <= months <= 12:
        raise RuleViolation("延长预备期应为6至12个月", "extension_months")
    earlier = session.execute(select(DevSubmission.id).where(
        DevSubmission.person_id == person.id, DevSubmission.kind == "conversion",
        DevSubmission.status == "extended", DevSubmission.id != sub.id)).first()
    if earlier:
        raise RuleViolation("预备期只能延长一次", "extension_months")
    sub.extension_months = months
