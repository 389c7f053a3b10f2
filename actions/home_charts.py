"""The home page's pictures: people by stage, the development pipeline, age and education of the
members, members per child organisation. The counts come from the person tally, the age and
education distributions from the profile tally and the development pipeline from the development
tally (or, for both, the subtree itself below the districts): all exact at the moment of the
request, nothing cached."""
from __future__ import annotations

from datetime import date

from actions import clock
from actions.development import counts as development
from actions.development.catalogue import STAGES
from actions.stats import counts as stats
from actions.stats import profile
from models.codes import STAGE

# The manual's 5 stages, short enough for an axis.
SHORT_STAGES = {1: "申请入党", 2: "积极分子培养", 3: "发展对象考察", 4: "预备党员接收",
                5: "预备期考察转正"}
# Submission kind -> the manual's stage (1-5) it belongs to.
SUBMISSION_STAGE = {"activist_filing": 2, "target_filing": 3, "prereview": 4, "approval": 4,
                    "conversion": 5}


def pipeline(session, user, counts: dict[str, int]) -> dict:
    """People at each of the manual's 5 stages and how many of their pending submissions are lit."""
    receiving = development.receiving(session, user)
    lit_rows = development.lit_pending(session, user).items()
    lit = {n: 0 for n in STAGES}
    for kind, n in lit_rows:
        lit[SUBMISSION_STAGE.get(kind, 1)] += n
    people = {1: counts["applicant"], 2: counts["activist"],
              3: max(0, counts["target"] - receiving), 4: receiving, 5: counts["probationary"]}
    return {"labels": [SHORT_STAGES[n] for n in STAGES], "people": [people[n] for n in STAGES],
            "lit": [lit[n] for n in STAGES]}


def member_profile(session, user, today: date | None = None) -> dict:
    """Members on the roll by age band and by education, counted now."""
    return profile.member_profile(session, user, today or clock.today())


def children(session, user, limit: int = 15) -> dict:
    """Members per child organisation (the largest `limit`, the rest summed)."""
    rows = sorted(stats.children_with_counts(session, user.org), key=lambda r: -r["total"])
    top, rest = rows[:limit], rows[limit:]
    labels = [r["org"].name.removeprefix("中共").removesuffix("委员会") or r["org"].name
              for r in top]
    values = [r["total"] for r in top]
    if rest:
        labels.append(f"其他{len(rest)}个组织")
        values.append(sum(r["total"] for r in rest))
    return {"labels": labels, "members": values}


def home_figures(session, user) -> dict:
    counts = stats.stage_counts(session, user)
    return {"counts": counts, "stage_labels": [STAGE[c] for c in STAGE],
            "stage_values": [counts[c] for c in STAGE], "pipeline": pipeline(session, user, counts),
            "profile": member_profile(session, user), "children": children(session, user)}
