"""Check functions of the rules: (file, settings) -> OK, NA or Warn(detail, step)."""
from __future__ import annotations

from dataclasses import dataclass

from actions.clock import unknown_years, working_days

from actions.development.dates import add_months, age_on
from actions.development.file import DevFile, Rec

OK, NA = "ok", "na"


@dataclass
class Warn:
    detail: str | None = None
    step: int | None = None


def _dated(rec: Rec | None):
    return rec.on_date if rec is not None else None


def _approved_on(f: DevFile, kind: str):
    sub = f.approved(kind)
    return sub.decided_on if sub else None


def r01_age(f: DevFile, s):
    app = f.application()
    day = _dated(app) or f.applied_on
    if day is None:
        return NA
    return OK if age_on(f.birth_date, day) >= 18 else Warn()


def r02_application(f: DevFile, s):
    return OK if f.application() is not None else Warn()


def r03_talk(f: DevFile, s):
    app = f.application()
    if app is None:
        return NA
    deadline = add_months(app.on_date, 1)
    talk = f.first("talk")
    if talk is not None:
        return OK if talk.on_date <= deadline else Warn(f"谈话日期{talk.on_date}晚于{deadline}")
    return NA if f.today <= deadline else Warn()


def activist_date(f: DevFile):
    return _dated(f.last("committee_activist")) or f.activist_on


def r04_activist(f: DevFile, s):
    if not (f.reached("activist") or f.sub("activist_filing") or f.of("committee_activist")):
        return NA
    missing = []
    if not f.of("recommendation"):
        missing.append("推荐/推优记录")
    if not f.of("committee_activist"):
        missing.append("支委会决议")
    talk, day = f.first("talk"), activist_date(f)
    if day and talk and day <= talk.on_date:
        missing.append("确定积极分子日期应晚于谈话日期")
    if f.reached("activist") and f.sub("activist_filing") is None:
        missing.append("上级党委备案")
    app = f.application()
    if s.activist_within_months and app and day and day < add_months(app.on_date,
                                                                     s.activist_within_months):
        missing.append(f"申请入党不满{s.activist_within_months}个月")
    return Warn("缺少或不符：" + "、".join(missing)) if missing else OK


def _member_problem(f: DevFile, rec: Rec) -> str | None:
    m = rec.related
    if m is None:
        return "未选择党员"
    if f.person_id is not None and m.id == f.person_id:
        return "不能是本人"
    if m.stage != "full" or (m.full_on is not None and m.full_on > rec.on_date):
        return "须为正式党员"
    if m.status in ("suspended", "probation_watch"):
        return "处于停止党籍或留党察看期间"
    return None


def r05_contacts(f: DevFile, s):
    if not (f.reached("activist") or f.of("contact") or f.sub("target_filing")):
        return NA
    contacts = f.of("contact")
    if not 1 <= len(contacts) <= 2:
        return Warn(f"培养联系人{len(contacts)}名，应为1至2名")
    for rec in contacts:
        problem = _member_problem(f, rec)
        if problem:
            return Warn("培养联系人" + problem)
    return OK


def _gaps(start, end, dates, months: int):
    """Return the first completed period [start+k·m, start+(k+1)·m) before `end` with no date."""
    k = 0
    while add_months(start, (k + 1) * months) <= end:
        lo, hi = add_months(start, k * months), add_months(start, (k + 1) * months)
        if not any(lo <= d < hi for d in dates):
            return lo, hi
        k += 1
    return None


def r06_inspection(f: DevFile, s):
    start = f.activist_on or activist_date(f)
    if start is None or not f.reached("activist"):
        return NA
    end = min(d for d in (target_date(f), f.today) if d is not None)
    gap = _gaps(start, end, [r.on_date for r in f.of("inspection")], s.inspection_months)
    if gap:
        return Warn(f"{gap[0]}至{gap[1]}期间无支部考察记录")
    if s.report_months:
        gap = _gaps(start, end, [r.on_date for r in f.of("thought_report")], s.report_months)
        if gap:
            return Warn(f"{gap[0]}至{gap[1]}期间未提交思想汇报（每{s.report_months}个月一次）")
    return OK


def r07_transfer(f: DevFile, s):
    moves = f.of("unit_change")
    if not moves:
        return NA
    return OK if all(r.result == "已随转接" for r in moves) else Warn()


def target_date(f: DevFile):
    return _dated(f.last("committee_target")) or f.target_on


def r08_target(f: DevFile, s):
    day = target_date(f)
    if not (f.reached("target") or f.sub("target_filing") or day):
        return NA
    missing = []
    start = f.activist_on or activist_date(f)
    if start is None or day is None or day < add_months(start, 12):
        missing.append("培养考察不满一年")
    for kind, label in (("group_opinion", "党小组意见"), ("contact_opinion", "培养联系人意见"),
                        ("public_opinion", "党员群众意见")):
        if not any(day is None or r.on_date <= day for r in f.of(kind)) or not f.of(kind):
            missing.append(label)
    if not f.of("committee_target"):
        missing.append("支委会讨论记录")
    if f.reached("target") and f.sub("target_filing") is None:
        missing.append("上级党委备案")
    return Warn("；".join(missing)) if missing else OK


def _target_checks_due(f: DevFile) -> bool:
    """Steps 9-12 are due once the branch committee reviews or pre-review is asked."""
    return bool(f.of("committee_review") or f.sub("prereview") or f.reached("probationary"))


def r09_introducers(f: DevFile, s):
    if not (_target_checks_due(f) or f.of("introducer")):
        return NA
    recs = f.of("introducer")
    ids = {r.related.id for r in recs if r.related is not None}
    if len(recs) != 2 or len(ids) != 2:
        return Warn(f"入党介绍人应为2名不同的正式党员，现有{len(ids)}名")
    for rec in recs:
        problem = _member_problem(f, rec)
        if problem:
            return Warn("入党介绍人" + problem)
    return OK


def r10_political_review(f: DevFile, s):
    if not _target_checks_due(f):
        return NA
    review = f.last("political_review")
    if review is None or review.result != "合格":
        return Warn()
    committee = f.first("committee_review")
    if committee is not None and review.on_date >= committee.on_date:
        return Warn("政审结论日期应早于支委会审查日期")
    meeting = f.first("branch_meeting")
    valid = s.political_review_valid_months
    if valid and meeting and meeting.on_date > add_months(review.on_date, valid):
        return Warn(f"政审结论已超过{valid}个月有效期")
    return OK


def r11_training(f: DevFile, s):
    if not (_target_checks_due(f) or f.of("training")):
        return NA
    done = [r for r in f.of("training") if r.result == "已结业"
            and ((r.days or 0) >= 3 or (r.hours or 0) >= 24)]
    if not done:
        return Warn()
    meeting = f.first("branch_meeting")
    if meeting and not any((r.end_date or r.on_date) < meeting.on_date for r in done):
        return Warn("集中培训应在支部大会之前完成")
    return OK


def r12_notice(f: DevFile, s):
    if not s.notice_on:
        return NA
    # 2026: the notice precedes the decision on development targets (step 7).
    if s.version == "2026":
        due, nxt, step = bool(f.sub("target_filing") or f.reached("target")), target_date(f), 7
    else:
        committee = f.first("committee_review")
        due, nxt, step = _target_checks_due(f), _dated(committee), 12
    if not due:
        return NA
    notice = f.last("public_notice")
    if notice is None or notice.end_date is None or not notice.scope or notice.attachments < 1:
        return Warn("缺少公示记录、公示范围或公示材料附件", step)
    unknown = unknown_years(notice.on_date, notice.end_date)
    if unknown:
        years = "、".join(f"{y}年" for y in unknown)
        return Warn(f"节假日安排未知（{years}），公示工作日无法核对，请人工确认", step)
    n = working_days(notice.on_date, notice.end_date, s.holidays, s.workdays)
    if n < s.notice_working_days:
        return Warn(f"公示{n}个工作日，不足{s.notice_working_days}个工作日", step)
    if nxt is not None and nxt <= notice.end_date:
        return Warn("公示期满前即进入下一步", step)
    return OK


def r13_prereview(f: DevFile, s):
    if not (f.of("volunteer_form") or f.of("branch_meeting") or f.sub("approval")
            or f.reached("probationary")):
        return NA
    if not f.of("committee_review"):
        return Warn("缺少支委会审查记录")
    passed = _approved_on(f, "prereview")
    form = f.first("volunteer_form")
    if passed is None or (form is not None and form.on_date < passed):
        return Warn()
    committee = f.first("committee_review")
    if s.prereview_within_months and passed > add_months(committee.on_date, s.prereview_within_months):
        return Warn(f"支委会审查后{s.prereview_within_months}个月内未完成预审")
    meeting = f.first("branch_meeting")
    limit = s.meeting_deadline
    if limit and meeting and meeting.on_date > add_months(passed, limit):
        return Warn(f"预审通过后{limit}个月内未召开支部大会", 15)
    return OK


def _meeting(f: DevFile, kind: str):
    return f.last(kind)


def r14_quorum(f: DevFile, s, kind="branch_meeting"):
    m = _meeting(f, kind)
    if m is None:
        return NA
    return OK if (m.present or 0) * 2 > (m.expected or 0) > 0 else Warn(
        f"应到{m.expected or 0}人，实到{m.present or 0}人")


def r15_votes(f: DevFile, s, kind="branch_meeting"):
    m = _meeting(f, kind)
    if m is None:
        return NA
    return OK if (m.votes_for or 0) * 2 > (m.expected or 0) > 0 else Warn(
        f"赞成{m.votes_for or 0}票，应到{m.expected or 0}人")


def r16_resolution(f: DevFile, s):
    m = _meeting(f, "branch_meeting")
    if m is None:
        return NA
    if not (m.content and m.result and m.expected and m.present is not None):
        return Warn()
    votes = (m.votes_for or 0) + (m.votes_against or 0) + (m.votes_abstain or 0)
    if m.present > m.expected or votes > m.expected:
        return Warn("表决人数或票数超过应到会人数")
    return OK
