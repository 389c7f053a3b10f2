"""Check functions of the admission, probation and conversion rules (R17-R27)."""
from __future__ import annotations

from actions.development.checks import (
    NA,
    OK,
    Warn,
    _approved_on,
    _dated,
    activist_date,
    r14_quorum,
    r15_votes,
    target_date,
)
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
    if meeting is None:
        return Warn(headline="缺少接收预备党员的支部大会会议记录，预备期起始日期无法核对")
    if f.joined_on is None:
        return Warn(headline=f"未填写入党日期（应为支部大会日期{meeting.on_date}）")
    if f.joined_on != meeting.on_date:
        return Warn(headline=f"入党日期{f.joined_on}应为支部大会日期{meeting.on_date}")
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
        return Warn(headline=f"宣誓日期{oath.on_date}早于审批日期{approved}")
    if oath.attachments < 1:
        return Warn(headline="缺少宣誓现场照片")
    if limit and oath.on_date > add_months(approved, limit):
        return Warn(headline=f"审批后{limit}个月内未宣誓")
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
    faults = []
    if f.of("full_application") and all(r.status == "returned" for r in f.of("full_application")):
        faults.append("转正申请书未审核通过")
    for check in (r14_quorum, r15_votes):
        result = check(f, s, "conversion_meeting")
        if isinstance(result, Warn):
            faults.append("转正支部大会" + (result.detail or ""))
    parts = (["缺少" + "、".join(missing)] if missing else []) + faults
    return Warn(headline="；".join(parts)) if parts else OK


OUTCOMES = ("按期转正", "延长预备期", "取消预备党员资格")


def r23_outcome(f: DevFile, s):
    if not f.reached("probationary") or f.joined_on is None:
        return NA
    end = f.probation_end()
    grace = max([r.months or 0 for r in f.of("postpone")] + [0])
    grace = min(grace, 6) or (s.conversion_meeting_within_months or 1)
    meetings = f.of("conversion_meeting")
    if not meetings:
        return (Warn(headline=f"预备期已于{end}期满，未及时讨论转正")
                if f.today > add_months(end, grace) else NA)
    extensions = [m for m in meetings if m.result == "延长预备期"]
    extended = [x for x in f.submissions if x.kind == "conversion" and x.status == "extended"]
    for m in meetings:
        if m.result not in OUTCOMES:
            return Warn(headline="转正讨论结果应为按期转正、延长预备期或取消预备党员资格")
    for m in extensions:
        if not 6 <= (m.months or 0) <= 12:
            return Warn(headline="延长预备期应为6至12个月")
    for x in extended:
        if not 6 <= (x.extension_months or 0) <= 12:
            return Warn(headline="延长预备期应为6至12个月")
    if max(len(extensions), len(extended)) > 1:
        return Warn(headline="预备期只能延长一次")
    first_end = add_months(f.joined_on, 12)
    if meetings[0].on_date > add_months(first_end, grace):
        return Warn(headline=f"预备期于{first_end}期满，转正讨论{meetings[0].on_date}不及时")
    return OK


def r24_conversion_time(f: DevFile, s):
    return _within(f, s, "conversion_meeting", "conversion")


def r25_full_date(f: DevFile, s):
    if not f.reached("full") or f.joined_on is None:
        return NA
    if f.full_on is None:
        return Warn(headline=f"未填写转正日期（应为预备期满之日{f.probation_end()}）")
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


# (step, label) of the dates that run in order; a pair may share a day when the later step is
# in SAME_DAY_OK (a talk on the day the letter arrives, a review on the target decision day,
# the approval on the day of the approval talk).
ORDER = ((1, "收到入党申请书"), (2, "谈话"), (3, "确定积极分子"), (7, "确定发展对象"),
         (12, "支委会审查"), (13, "预审通过"), (15, "接收预备党员支部大会"),
         (16, "上级党委派人谈话"), (17, "上级党委审批"))
SAME_DAY_OK = {2, 12, 17}


def _order_warn(step, label, day, prev_label, prev_day) -> Warn:
    if day < prev_day:
        return Warn(step=step, headline=f"{label}日期{day}早于{prev_label}日期{prev_day}")
    return Warn(step=step, headline=f"{label}日期{day}应晚于{prev_label}日期{prev_day}，不能同日")


def r27_order(f: DevFile, s):
    app = f.application()
    days = {1: _dated(app), 2: _dated(f.first("talk")), 3: activist_date(f), 7: target_date(f),
            12: _dated(f.first("committee_review")), 13: _approved_on(f, "prereview"),
            15: _dated(f.first("branch_meeting")), 16: _dated(f.first("approval_talk")),
            17: _approved_on(f, "approval")}
    labels = dict(ORDER)
    known = [(step, days[step]) for step, _ in ORDER if days[step] is not None]
    warns = []
    for (s1, d1), (s2, d2) in zip(known, known[1:]):
        if d2 < d1 or (s2 not in SAME_DAY_OK and d2 == d1):
            warns.append(_order_warn(s2, labels[s2], d2, labels[s1], d1))
    oath, approved = f.first("oath"), days[17]
    if oath and approved and oath.on_date < approved:
        warns.append(Warn(step=20, headline=f"宣誓日期{oath.on_date}早于审批日期{approved}"))
    training = f.first("training")
    day = target_date(f)
    if training and day and training.on_date < day:
        warns.append(Warn(step=11, headline=f"集中培训开始日期{training.on_date}早于确定发展对象日期{day}"))
    meeting = f.first("conversion_meeting")
    first_end = add_months(f.joined_on, 12) if f.joined_on else None
    if meeting and first_end and meeting.on_date < first_end:
        warns.append(Warn(step=23, headline=f"转正支部大会日期{meeting.on_date}早于预备期满{first_end}"))
    if f.reached("full") and f.full_on and f.full_on > f.today:
        warns.append(Warn(step=24, headline=f"已登记为正式党员，但转正日期{f.full_on}尚未到来"))
    if warns:
        return warns
    return OK if known else NA
