"""A complete, valid development file from application to full membership (plain values)."""
from __future__ import annotations

from datetime import date as d

from actions.development.file import DevFile, Member, Rec, Sub

FULL = Member(id=900, stage="full", full_on=d(2015, 1, 1))
FULL2 = Member(id=901, stage="full", full_on=d(2016, 1, 1))


def complete_file() -> DevFile:
    """Return a file that every rule of the 2014 set passes."""
    R = Rec
    records = [
        R("application", d(2022, 1, 10), status="approved"),
        R("talk", d(2022, 1, 20), host="王书记"),
        R("recommendation", d(2022, 2, 15), result="党员推荐"),
        R("committee_activist", d(2022, 3, 1), result="同意"),
        R("contact", d(2022, 3, 5), related=FULL),
        R("inspection", d(2022, 6, 1)), R("inspection", d(2022, 11, 1)),
        R("inspection", d(2023, 2, 1)), R("unit_change", d(2022, 8, 1), result="已随转接"),
        R("group_opinion", d(2023, 3, 1)), R("contact_opinion", d(2023, 3, 1)),
        R("public_opinion", d(2023, 3, 2)), R("committee_target", d(2023, 3, 10), result="同意"),
        R("introducer", d(2023, 3, 20), related=FULL),
        R("introducer", d(2023, 3, 20), related=FULL2),
        R("political_review", d(2023, 4, 1), result="合格"),
        R("training", d(2023, 4, 10), end_date=d(2023, 4, 14), days=5, result="已结业"),
        R("public_notice", d(2023, 5, 4), end_date=d(2023, 5, 10), scope="全院", attachments=1),
        R("committee_review", d(2023, 5, 15), result="同意"),
        R("volunteer_form", d(2023, 5, 28)),
        R("branch_meeting", d(2023, 6, 10), expected=10, present=8, votes_for=7,
          votes_against=1, votes_abstain=0, result="同意接收为预备党员", content="表现良好"),
        R("approval_talk", d(2023, 6, 20), host="组织员"),
        R("placement", d(2023, 7, 5)), R("dept_filing", d(2023, 7, 10)),
        R("oath", d(2023, 7, 1), attachments=1),
        R("probation_inspection", d(2023, 10, 1)), R("probation_inspection", d(2024, 3, 1)),
        R("full_application", d(2024, 5, 20), status="approved"),
        R("conversion_group_opinion", d(2024, 6, 1)),
        R("conversion_public_opinion", d(2024, 6, 1)),
        R("introducer_opinion", d(2024, 6, 1)),
        R("conversion_committee", d(2024, 6, 5), result="同意"),
        R("conversion_meeting", d(2024, 6, 15), expected=10, present=9, votes_for=9,
          result="按期转正", content="同意按期转正"),
        R("archive", d(2024, 7, 10), content="入党申请书、入党志愿书、政审材料、转正申请书、培养考察材料"),
    ]
    subs = [
        Sub("activist_filing", "approved", d(2022, 3, 5), d(2022, 3, 10)),
        Sub("target_filing", "approved", d(2023, 3, 12), d(2023, 3, 15)),
        Sub("prereview", "approved", d(2023, 5, 20), d(2023, 5, 25)),
        Sub("approval", "approved", d(2023, 6, 25), d(2023, 7, 1)),
        Sub("conversion", "approved", d(2024, 6, 20), d(2024, 7, 1)),
    ]
    return DevFile(
        birth_date=d(1995, 3, 1), stage="full", person_id=1, applied_on=d(2022, 1, 10),
        activist_on=d(2022, 3, 1), target_on=d(2023, 3, 10), joined_on=d(2023, 6, 10),
        full_on=d(2024, 6, 10), records=records, submissions=subs, today=d(2025, 1, 1))


def rec(f: DevFile, kind: str, index: int = 0) -> Rec:
    return f.of(kind)[index]


def drop(f: DevFile, kind: str, index: int | None = None) -> None:
    found = f.of(kind)
    for r in (found if index is None else [found[index]]):
        f.records.remove(r)


def sub(f: DevFile, kind: str) -> Sub:
    return next(s for s in f.submissions if s.kind == kind)
