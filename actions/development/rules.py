"""The rule catalogue as data and the engine that lights the 25 steps.

Each rule has an id, a stage, the step it lights, its article per rule-set version and a
check function. The same catalogue drives the development page, the submission gate and tests.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from actions.development import checks as c
from actions.development import checks_late as cl
from actions.development.catalogue import STEPS
from actions.development.file import DevFile
from actions.development.settings import RuleSettings

UNKNOWN_2026 = "2026年版条款号待公布"


@dataclass(frozen=True)
class Rule:
    id: str
    stage: str
    step: int
    articles: dict
    message: str
    check: Callable

    def article(self, version: str) -> str:
        return self.articles.get(version) or (UNKNOWN_2026 if version == "2026" else "")


def _r(id, stage, step, art2014, message, check, art2026=None):
    arts = {"2014": art2014, "2026": art2026}
    return Rule(id, stage, step, arts, message, check)


RULES = [
    _r("R01", "applicant", 1, "第五条（党章第一条）", "申请时未满18周岁", c.r01_age),
    _r("R02", "applicant", 1, "第六条", "缺少入党申请书", c.r02_application),
    _r("R03", "applicant", 2, "第七条", "收到入党申请书后一个月内未谈话", c.r03_talk),
    _r("R04", "activist", 3, "第八条", "缺少推荐/推优、支委会决议或上级备案", c.r04_activist),
    _r("R05", "activist", 5, "第九条", "培养联系人人数或身份不符合要求", c.r05_contacts),
    _r("R06", "activist", 6, "第十一条", "超过半年未进行考察", c.r06_inspection),
    _r("R07", "activist", 6, "第十二条", "培养材料未随转接", c.r07_transfer),
    _r("R08", "target", 7, "第十三条", "培养考察不满一年，或缺少意见/备案", c.r08_target),
    _r("R09", "target", 9, "第十四条", "入党介绍人不符合要求", c.r09_introducers),
    _r("R10", "target", 10, "第十六、十七条", "未经政治审查或政审不合格", c.r10_political_review),
    _r("R11", "target", 11, "第十八条", "集中培训不足3天或24学时", c.r11_training),
    _r("R12", "target", 12, "公示制度（地方规定）", "公示未满规定工作日或缺少公示材料",
       c.r12_notice, "第十三条"),
    _r("R13", "admission", 13, "第十九条", "未经预审", c.r13_prereview),
    _r("R14", "admission", 15, "第二十条", "到会有表决权党员未超过半数", c.r14_quorum),
    _r("R15", "admission", 15, "第二十一条", "赞成票未超过应到会有表决权党员半数", c.r15_votes),
    _r("R16", "admission", 15, "第二十二条", "支部大会决议要素不全", c.r16_resolution),
    _r("R17", "admission", 16, "第二十三条", "审批前未派人谈话", cl.r17_approval_talk),
    _r("R18", "admission", 17, "第二十四、二十五条", "超过三个月未审批", cl.r18_approval_time),
    _r("R19", "probationary", 19, "第三十二条", "预备期起止日期错误", cl.r19_probation),
    _r("R20", "probationary", 20, "第二十八、二十九条", "未进行入党宣誓", cl.r20_oath),
    _r("R21", "probationary", 21, "第三十条", "预备期考察记录缺失", cl.r21_probation_inspection),
    _r("R22", "conversion", 22, "第三十三条", "转正程序缺少环节", cl.r22_conversion),
    _r("R23", "conversion", 23, "第三十一、三十二条", "延长预备期不符合规定", cl.r23_outcome),
    _r("R24", "conversion", 24, "第三十四条", "转正审批超过三个月", cl.r24_conversion_time),
    _r("R25", "conversion", 24, "第三十二条", "转正日期错误", cl.r25_full_date),
    _r("R26", "archive", 25, "第三十六条", "归档材料不全", cl.r26_archive),
    _r("R27", "all", 1, "总则", "日期顺序异常", cl.r27_order),
]
BY_ID = {r.id: r for r in RULES}


@dataclass
class Result:
    rule: Rule
    state: str  # ok / warning / na
    step: int
    message: str
    article: str

    def as_dict(self) -> dict:
        return {"rule": self.rule.id, "step": self.step, "message": self.message,
                "article": self.article}


def run(rule: Rule, f: DevFile, settings: RuleSettings) -> Result:
    """Evaluate one rule on a file."""
    outcome = rule.check(f, settings)
    article = rule.article(settings.version)
    if isinstance(outcome, c.Warn):
        message = rule.message + (f"（{outcome.detail}）" if outcome.detail else "")
        return Result(rule, "warning", outcome.step or rule.step, message, article)
    return Result(rule, outcome, rule.step, rule.message if outcome == c.NA else "", article)


def evaluate(f: DevFile, settings: RuleSettings) -> list[Result]:
    """Evaluate every rule of the catalogue on a file."""
    return [run(rule, f, settings) for rule in RULES]


def warnings(f: DevFile, settings: RuleSettings) -> list[Result]:
    return [r for r in evaluate(f, settings) if r.state == "warning"]


# step -> predicate telling the step is done (green when it has no warning)
DONE = {
    1: lambda f: any(r.status == "approved" for r in f.of("application")),
    2: lambda f: bool(f.of("talk")),
    3: lambda f: bool(f.of("recommendation") and f.of("committee_activist")),
    4: lambda f: f.approved("activist_filing") is not None,
    5: lambda f: bool(f.of("contact")),
    6: lambda f: bool(f.of("inspection")),
    7: lambda f: bool(f.of("committee_target")),
    8: lambda f: f.approved("target_filing") is not None,
    9: lambda f: len(f.of("introducer")) >= 2,
    10: lambda f: bool(f.of("political_review")),
    11: lambda f: bool(f.of("training")),
    12: lambda f: bool(f.of("committee_review")),
    13: lambda f: f.approved("prereview") is not None,
    14: lambda f: bool(f.of("volunteer_form")),
    15: lambda f: bool(f.of("branch_meeting")),
    16: lambda f: bool(f.of("approval_talk")),
    17: lambda f: f.approved("approval") is not None,
    18: lambda f: bool(f.of("dept_filing")),
    19: lambda f: bool(f.of("placement")),
    20: lambda f: bool(f.of("oath")),
    21: lambda f: bool(f.of("probation_inspection")),
    22: lambda f: bool(f.of("full_application")),
    23: lambda f: bool(f.of("conversion_meeting")),
    24: lambda f: f.approved("conversion") is not None,
    25: lambda f: bool(f.of("archive")),
}


@dataclass
class StepLight:
    number: int
    stage: int
    label: str
    light: str  # green / red / grey
    warnings: list


def lights(f: DevFile, settings: RuleSettings, results: list[Result] | None = None):
    """Return the 25 steps with their light: red on a warning, green when done, else grey."""
    results = evaluate(f, settings) if results is None else results
    out = []
    for number, (stage, label) in STEPS.items():
        warns = [r for r in results if r.state == "warning" and r.step == number]
        light = "red" if warns else ("green" if DONE[number](f) else "grey")
        out.append(StepLight(number, stage, label, light, warns))
    return out
