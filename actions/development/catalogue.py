"""The 25 steps, the record kinds the manual lists and the submissions, as data."""
from __future__ import annotations

from dataclasses import dataclass, field

STAGES = {
    1: "申请入党",
    2: "入党积极分子的确定和培养教育",
    3: "发展对象的确定和考察",
    4: "预备党员的接收",
    5: "预备党员的教育考察和转正",
}

# step number -> (stage number, label)
STEPS = {
    1: (1, "递交入党申请书"), 2: (1, "党组织派人谈话"),
    3: (2, "推荐和确定入党积极分子"), 4: (2, "上级党委备案"), 5: (2, "指定培养联系人"),
    6: (2, "培养教育考察"),
    7: (3, "确定发展对象"), 8: (3, "报上级党委备案"), 9: (3, "确定入党介绍人"),
    10: (3, "进行政治审查"), 11: (3, "开展集中培训"),
    12: (4, "支部委员会审查"), 13: (4, "上级党委预审"), 14: (4, "填写入党志愿书"),
    15: (4, "支部大会讨论"), 16: (4, "上级党委派人谈话"), 17: (4, "上级党委审批"),
    18: (4, "再上一级党委组织部门备案"),
    19: (5, "编入党支部和党小组"), 20: (5, "入党宣誓"), 21: (5, "继续教育考察"),
    22: (5, "提出转正申请"), 23: (5, "支部大会讨论"), 24: (5, "上级党委审批"),
    25: (5, "材料归档"),
}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str = "text"  # text, area, date, int, select, person
    required: bool = False
    options: tuple = ()


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    step: int
    fields: tuple = ()
    needs_attachment: bool = False
    reviewed: bool = False  # an application letter: approve or return with a reason
    many: bool = True


def F(name, label, type="text", required=False, options=()):
    return Field(name, label, type, required, tuple(options))


DATE = F("on_date", "日期", "date", True)
TITLE = F("title", "标题")
CONTENT = F("content", "内容", "area")
RECORDER = F("recorder", "记录人")
MEETING = (F("on_date", "会议日期", "date", True), F("time_range", "时间段（如 14:00-16:00）"),
           F("place", "会议地点"), F("host", "主持人"), RECORDER,
           F("result", "决议结果", "select", True, ("同意", "不同意")), F("content", "会议内容及意见", "area"))
OPINION = (DATE, TITLE, RECORDER, F("content", "意见", "area", True))
VOTES = (F("on_date", "会议日期", "date", True), F("host", "主持人"), RECORDER,
         F("expected", "应到会有表决权党员数", "int", True), F("present", "实到会有表决权党员数", "int", True),
         F("votes_for", "赞成票", "int", True), F("votes_against", "反对票", "int", True),
         F("votes_abstain", "弃权票", "int", True))

KINDS = {k.code: k for k in (
    Kind("application", "入党申请书", 1, (F("on_date", "收到日期", "date", True), TITLE,
                                       F("content", "申请书内容", "area")), reviewed=True),
    Kind("talk", "谈话记录", 2, (F("on_date", "谈话日期", "date", True), F("host", "谈话人", required=True),
                                TITLE, F("content", "谈话内容", "area"))),
    Kind("recommendation", "推荐推优情况", 3, (DATE, F("result", "推荐推优方式", "select", True,
                                                   ("党员推荐", "群团组织推优")),
                                             F("content", "推荐意见", "area"))),
    Kind("committee_activist", "支委会决议（确定入党积极分子）", 3, MEETING),
    Kind("thought_report", "思想汇报", 6, (DATE, TITLE, F("content", "汇报内容", "area"))),
    Kind("contact", "培养联系人", 5, (F("on_date", "指定日期", "date", True),
                                    F("related_person_id", "培养联系人（本支部正式党员）", "person", True))),
    Kind("education_opinion", "教育培养意见", 6, (DATE, F("host", "培养联系人"), CONTENT)),
    Kind("inspection", "支部考察意见", 6, OPINION),
    Kind("unit_change", "工作单位变动及材料转接", 6, (DATE, F("place", "新单位"),
                                                 F("result", "培养材料", "select", True,
                                                   ("已随转接", "未转接")), CONTENT)),
    Kind("contact_opinion", "培养联系人确定发展意见", 7, OPINION),
    Kind("public_opinion", "党员群众意见", 7, OPINION),
    Kind("group_opinion", "党小组意见", 7, OPINION),
    Kind("committee_target", "支委会上报备案意见（确定发展对象）", 7, MEETING),
    Kind("introducer", "入党介绍人", 9, (F("on_date", "确定日期", "date", True),
                                      F("related_person_id", "入党介绍人（正式党员）", "person", True))),
    Kind("political_review", "政审情况", 10, (F("on_date", "政审结论日期", "date", True),
                                           F("result", "政审结论", "select", True, ("合格", "不合格")),
                                           F("content", "政审报告（政治态度、政治历史、遵纪守法、直系亲属及主要社会关系政治情况）", "area"))),
    Kind("training", "短期集中培训情况", 11, (F("on_date", "开始日期", "date", True),
                                          F("end_date", "结束日期", "date", True),
                                          F("days", "培训天数", "int"), F("hours", "培训学时", "int"),
                                          F("result", "结业情况", "select", True, ("已结业", "未结业")),
                                          CONTENT)),
    Kind("public_notice", "公示情况", 12, (F("on_date", "公示开始日期", "date", True),
                                        F("end_date", "公示结束日期", "date", True),
                                        F("scope", "公示范围", required=True),
                                        F("result", "公示结果", "select", True, ("无异议", "有异议")),
                                        CONTENT), needs_attachment=True),
    Kind("committee_review", "支委会审查及上报预审意见", 12, MEETING),
    Kind("volunteer_form", "入党志愿书发放", 14, (F("on_date", "发放日期", "date", True),
                                              F("title", "志愿书编号"), CONTENT)),
    Kind("branch_meeting", "支部大会会议记录（接收预备党员）", 15,
         VOTES + (F("result", "决议", "select", True, ("同意接收为预备党员", "不同意接收")),
                  F("content", "决议内容（主要表现、表决情况）", "area", True))),
    Kind("approval_talk", "上级党委派人谈话", 16, (F("on_date", "谈话日期", "date", True),
                                               F("host", "谈话人（党委委员或组织员）", required=True),
                                               CONTENT)),
    Kind("dept_filing", "报上级组织部门备案", 18, (DATE, CONTENT)),
    Kind("placement", "编入党支部和党小组", 19, (DATE, F("place", "所在党小组"), CONTENT)),
    Kind("oath", "入党宣誓", 20, (F("on_date", "宣誓日期", "date", True), F("place", "宣誓地点"),
                                CONTENT), needs_attachment=True),
    Kind("probation_inspection", "预备期教育考察情况", 21, OPINION),
    Kind("full_application", "转正申请书", 22, (F("on_date", "收到日期", "date", True), TITLE,
                                             F("content", "申请书内容", "area")), reviewed=True),
    Kind("introducer_opinion", "入党介绍人转正意见", 23, OPINION),
    Kind("conversion_group_opinion", "党小组转正意见", 23, OPINION),
    Kind("conversion_public_opinion", "党员群众转正意见", 23, OPINION),
    Kind("conversion_committee", "支委会审查转正意见", 23, MEETING),
    Kind("postpone", "推迟讨论", 23, (F("on_date", "支委会决议日期", "date", True),
                                   F("months", "推迟月数", "int", True),
                                   F("reason", "推迟原因", "area", True))),
    Kind("conversion_meeting", "支部大会会议记录（预备党员转正）", 23,
         VOTES + (F("result", "决议", "select", True, ("按期转正", "延长预备期", "取消预备党员资格")),
                  F("months", "延长月数（延长预备期时填写）", "int"),
                  F("content", "决议内容", "area", True))),
    Kind("archive", "材料归档", 25, (DATE, F("content", "归档材料清单", "area", True))),
)}

@dataclass(frozen=True)
class SubmissionKind:
    code: str
    label: str
    stage: str  # the person's stage when submitting
    step: int  # the step the superior's decision completes
    locks: tuple = field(default=())  # record kinds read-only once submitted
    opinion_label: str = "上级意见"
    asks_dues: bool = False

    @property
    def steps(self) -> tuple:
        """The steps whose records this submission locks (judged by its settings snapshot)."""
        return tuple(sorted({KINDS[k].step for k in self.locks}))


SUBMISSIONS = {s.code: s for s in (
    SubmissionKind("activist_filing", "确定积极分子并备案", "applicant", 4,
                   ("application", "talk", "recommendation", "committee_activist"), "上级备案意见"),
    SubmissionKind("target_filing", "确定前备案", "activist", 8,
                   ("contact", "education_opinion", "inspection", "unit_change", "contact_opinion",
                    "public_opinion", "group_opinion", "committee_target", "thought_report"),
                   "上级备案意见"),
    SubmissionKind("prereview", "报党委预审", "target", 13,
                   ("introducer", "political_review", "training", "public_notice",
                    "committee_review"), "党委预审意见"),
    SubmissionKind("approval", "报党委审批", "target", 17,
                   ("volunteer_form", "branch_meeting"), "党委审批意见",
                   asks_dues=True),
    SubmissionKind("conversion", "转正报审批", "probationary", 24,
                   ("full_application", "probation_inspection", "introducer_opinion",
                    "conversion_group_opinion", "conversion_public_opinion",
                    "conversion_committee", "conversion_meeting", "postpone"), "党委审批意见"),
)}

SUBMISSION_STATUS = {"pending": "待上级审核", "approved": "同意", "rejected": "不同意",
                     "extended": "延长预备期", "cancelled": "取消预备党员资格",
                     "withdrawn": "已撤回"}
# Statuses of a submission that keep its stage's records read-only.
LOCKING = ("pending", "approved", "rejected", "cancelled")


STAGE_ORDER = ("applicant", "activist", "target", "probationary", "full")
# The earliest stage of the person at which a record kind can be entered.
MIN_STAGE = {code: sub.stage for sub in SUBMISSIONS.values() for code in sub.locks}
MIN_STAGE.update({"approval_talk": "target", "dept_filing": "probationary", "placement": "probationary",
                  "oath": "probationary", "archive": "full"})


def recordable(kind: str, stage: str) -> bool:
    """Return True when records of `kind` can be entered for a person at `stage`."""
    return STAGE_ORDER.index(stage) >= STAGE_ORDER.index(MIN_STAGE.get(kind, "applicant"))
