"""Check functions of the admission, probation and conversion rules (R17-R27)."""
from __future__ import annotations

from actions.development.checks import NA, OK, Warn, _approved_on, _dated, activist_date, r14_quorum, r15_votes, target_date
from actions.development.dates import add_months
from actions.development.file import DevFile


def r17_approval_talk(f: DevFile, s):
    approved = _approved_on(f, "approval")
    if approved is None:
        return NA
    talk = f.first("approval_talk")
    return OK if talk is not None and talk.on_date <= approved else Warn()


def _within(f: DevFile, s, meeting_kind: str, sub_kind: str):
    meeting = f.last(meeting_kind)
    if meeting is None:
        return NA
    normal = add_months(meeting.on_date, s.approval_months)
    special = add_months(meeting.on_date, s.approval_special_months)
    sub = f.sub(sub_kind)
    decided = sub.decided_on if sub is not None and sub.status != "pending" else None
    if decided is None:
        return NA if f.today <= normal else Warn(f"支部大会后已超过{s.approval_months}个月")
    if decided <= normal:
        return OK
    if decided <= special and sub.explanation:
        return OK  # special case: up to six months with the reason recorded
    return Warn(f"审批日期{decided}晚于{normal}")


def r18_approval_time(f: DevFile, s):
    return _within(f, s, "branch_meeting", "approval")


def r19_probation(f: DevFile, s):
    if not f.reached("probationary"):
        return NA
    meeting = f.last("branch_meeting")
    if meeting is None or f.joined_on != meeting.on_date:
        return Warn(f"入党日期{f.joined_on}应为支部大会日期{_dated(meeting)}")
    return OK


def r20_oath(f: DevFile, s):
    approved = _approved_on(f, "approval")
    if approved is None:
        return NA
    oath = f.first("oath")
    limit = s.oath_deadline
    if oath is None:
        late = add_months(approved, limit or 1)
        return Warn() if f.today > late or f.of("conversion_meeting") else NA
    if oath.on_date < approved:
        return Warn("宣誓日期早于审批日期")
    if oath.attachments < 1:
        return Warn("缺少宣誓现场照片")
    if limit and oath.on_date > add_months(approved, limit):
        return Warn(f"审批后{limit}个月内未宣誓")
    return OK


def r21_probation_inspection(f: DevFile, s):
    from actions.development.checks import _gaps

    if not f.reached("probationary") or f.joined_on is None:
        return NA
    end = min(d for d in (f.full_on, f.probation_end(), f.today) if d is not None)
    gap = _gaps(f.joined_on, end, [r.on_date for r in f.of("probation_inspection")],
                s.inspection_months)
    return Warn(f"{gap[0]}至{gap[1]}期间无教育考察记录") if gap else OK


def r22_conversion(f: DevFile, s):
    if not (f.of("conversion_meeting") or f.sub("conversion") or f.reached("full")):
        return NA
    missing = [label for kind, label in (
        ("full_application", "转正申请书"), ("conversion_group_opinion", "党小组意见"),
        ("conversion_public_opinion", "党员群众意见"), ("conversion_committee", "支委会审查"),
        ("conversion_meeting", "支部大会")) if not f.of(kind)]
    if f.of("full_application") and all(r.status == "returned" for r in f.of("full_application")):
        missing.append("转正申请书未审核通过")
    for check in (r14_quorum, r15_votes):
        result = check(f, s, "conversion_meeting")
        if isinstance(result, Warn):
            missing.append("支部大会" + (result.detail or ""))
    return Warn("缺少或不符：" + "、".join(missing)) if missing else OK


OUTCOMES = ("按期转正", "延长预备期", "取消预备党员资格")


def r23_outcome(f: DevFile, s):
    if not f.reached("probationary") or f.joined_on is None:
        return NA
    end = f.probation_end()
    grace = max([r.months or 0 for r in f.of("postpone")] + [0])
    grace = min(grace, 6) or (s.conversion_meeting_within_months or 1)
    meetings = f.of("conversion_meeting")
    if not meetings:
        return Warn("预备期满未及时讨论转正") if f.today > add_months(end, grace) else NA
    extensions = [m for m in meetings if m.result == "延长预备期"]
    extended = [x for x in f.submissions if x.kind == "conversion" and x.status == "extended"]
    for m in meetings:
        if m.result not in OUTCOMES:
            return Warn("转正讨论结果应为按期转正、延长预备期或取消预备党员资格")
    for m in extensions:
        if not 6 <= (m.months or 0) <= 12:
            return Warn("延长预备期应为6至12个月")
    for x in extended:
        if not 6 <= (x.extension_months or 0) <= 12:
            return Warn("延长预备期应为6至12个月")
    if max(len(extensions), len(extended)) > 1:
        return Warn("预备期只能延长一次")
    first_end = add_months(f.joined_on, 12)
    if meetings[0].on_date > add_months(first_end, grace):
        return Warn("预备期满未及时讨论转正")
    return OK


def r24_conversion_time(f: DevFile, s):
    return _within(f, s, "conversion_meeting", "conversion")


def r25_full_date(f: DevFile, s):
    if not f.reached("full") or f.joined_on is None:
        return NA
    return OK if f.full_on == f.probation_end() else Warn(
        f"转正日期{f.full_on}应为预备期满之日{f.probation_end()}")


def r26_archive(f: DevFile, s):
    if not f.reached("full"):
        return NA
    missing = [label for kind, label in (
        ("application", "入党申请书"), ("volunteer_form", "入党志愿书"),
        ("political_review", "政审材料"), ("full_application", "转正申请书"),
        ("archive", "归档记录")) if not f.of(kind)]
    if not (f.of("inspection") or f.of("education_opinion")):
        missing.append("培养考察材料")
    return Warn("缺少：" + "、".join(missing)) if missing else OK


def r27_order(f: DevFile, s):
    app = f.application()
    chain = [
        (1, _dated(app)), (2, _dated(f.first("talk"))), (3, activist_date(f)),
        (7, target_date(f)), (12, _dated(f.first("committee_review"))),
        (13, _approved_on(f, "prereview")), (15, _dated(f.first("branch_meeting"))),
        (16, _dated(f.first("approval_talk"))), (17, _approved_on(f, "approval")),
    ]
    known = [(step, day) for step, day in chain if day is not None]
    for (_s1, d1), (s2, d2) in zip(known, known[1:]):
        strict = s2 not in (12, 17)  # target ≤ review; talk ≤ approval
        if d2 < d1 or (strict and d2 == d1):
            return Warn(f"第{s2}步日期{d2}早于前一环节{d1}", s2)
    oath, approved = f.first("oath"), _approved_on(f, "approval")
    if oath and approved and oath.on_date < approved:
        return Warn("宣誓日期早于审批日期", 20)
    training = f.first("training")
    day = target_date(f)
    if training and day and training.on_date < day:
        return Warn("集中培训早于确定发展对象", 11)
    meeting, first_end = f.first("conversion_meeting"), (
        add_months(f.joined_on, 12) if f.joined_on else None)
    if meeting and first_end and meeting.on_date < first_end:
        return Warn("转正讨论早于预备期满", 23)
    return OK if known else NA
