"""Each rule of the catalogue passes on a complete file and fails (lighting its step) when broken."""
from __future__ import annotations

from dataclasses import replace
from datetime import date as d

import pytest

from actions.development import rules
from actions.development.file import Member
from actions.development.settings import RuleSettings, from_mapping

from tests.unit.dev_file_sample import complete_file, drop, rec, sub

S2014 = RuleSettings()


def _set(obj, **values):
    for key, value in values.items():
        setattr(obj, key, value)


BREAKERS = {
    "R01": lambda f: setattr(f, "birth_date", d(2005, 1, 1)),
    "R02": lambda f: drop(f, "application"),
    "R03": lambda f: _set(rec(f, "talk"), on_date=d(2022, 2, 20)),
    "R04": lambda f: drop(f, "recommendation"),
    "R05": lambda f: _set(rec(f, "contact"), related=Member(902, "probationary")),
    "R06": lambda f: drop(f, "inspection", 0),
    "R07": lambda f: _set(rec(f, "unit_change"), result="未转接"),
    "R08": lambda f: drop(f, "group_opinion"),
    "R09": lambda f: drop(f, "introducer", 1),
    "R10": lambda f: _set(rec(f, "political_review"), result="不合格"),
    "R11": lambda f: _set(rec(f, "training"), days=2, hours=16),
    "R12": lambda f: _set(rec(f, "public_notice"), end_date=d(2023, 5, 8)),
    "R13": lambda f: _set(rec(f, "volunteer_form"), on_date=d(2023, 5, 20)),
    "R14": lambda f: _set(rec(f, "branch_meeting"), present=5),
    "R15": lambda f: _set(rec(f, "branch_meeting"), votes_for=5),
    "R16": lambda f: _set(rec(f, "branch_meeting"), content=None),
    "R17": lambda f: _set(rec(f, "approval_talk"), on_date=d(2023, 7, 5)),
    "R18": lambda f: _set(sub(f, "approval"), decided_on=d(2023, 10, 15)),
    "R19": lambda f: setattr(f, "joined_on", d(2023, 7, 1)),
    "R20": lambda f: drop(f, "oath"),
    "R21": lambda f: drop(f, "probation_inspection", 1),
    "R22": lambda f: drop(f, "conversion_group_opinion"),
    "R23": lambda f: _set(rec(f, "conversion_meeting"), result="延长预备期", months=3),
    "R24": lambda f: _set(sub(f, "conversion"), decided_on=d(2024, 10, 1)),
    "R25": lambda f: setattr(f, "full_on", d(2024, 7, 1)),
    "R26": lambda f: drop(f, "archive"),
    "R27": lambda f: _set(rec(f, "talk"), on_date=d(2022, 1, 5)),
}


def test_every_rule_of_the_catalogue_has_a_breaking_case():
    assert sorted(BREAKERS) == sorted(r.id for r in rules.RULES)


def test_complete_file_passes_every_rule_and_lights_every_step_green():
    f = complete_file()

    results = rules.evaluate(f, S2014)
    steps = rules.lights(f, S2014, results)

    assert [(r.rule.id, r.message) for r in results if r.state != "ok"] == []
    assert {s.light for s in steps} == {"green"}


@pytest.mark.parametrize("rule_id", sorted(BREAKERS))
def test_breaking_a_rule_gives_its_warning_and_lights_its_step_red(rule_id):
    f = complete_file()
    BREAKERS[rule_id](f)

    result = rules.run(rules.BY_ID[rule_id], f, S2014)
    steps = {s.number: s for s in rules.lights(f, S2014)}

    assert result.state == "warning"
    assert result.message.startswith(rules.BY_ID[rule_id].message)
    assert result.article
    assert steps[result.step].light == "red"
    assert rule_id in [w.rule.id for w in steps[result.step].warnings]


def test_rules_not_yet_due_stay_grey_for_a_fresh_applicant():
    f = complete_file()
    f.records = [r for r in f.records if r.kind == "application"]
    f.submissions, f.stage = [], "applicant"
    f.activist_on = f.target_on = f.joined_on = f.full_on = None
    f.today = d(2022, 1, 15)

    steps = {s.number: s.light for s in rules.lights(f, S2014)}

    assert steps[1] == "green"
    assert {steps[n] for n in range(2, 26)} == {"grey"}


def test_missing_talk_turns_red_only_after_one_month():
    f = complete_file()
    f.records = [r for r in f.records if r.kind == "application"]
    f.submissions, f.stage = [], "applicant"
    f.activist_on = f.target_on = f.joined_on = f.full_on = None

    f.today = d(2022, 2, 10)
    on_time = rules.run(rules.BY_ID["R03"], f, S2014).state
    f.today = d(2022, 2, 11)
    late = rules.run(rules.BY_ID["R03"], f, S2014).state

    assert (on_time, late) == ("na", "warning")


def test_notice_counts_working_days_with_the_national_calendar_and_local_holidays():
    f = complete_file()
    holiday = from_mapping({"holidays": ["2023-05-09", "2023-05-10"]})

    assert rules.run(rules.BY_ID["R12"], f, S2014).state == "ok"
    assert rules.run(rules.BY_ID["R12"], f, holiday).state == "warning"
    assert rules.run(rules.BY_ID["R12"], f, replace(S2014, notice_required=False)).state == "na"


def test_a_notice_over_national_day_2025_lights_the_notice_rule():
    f = complete_file()
    _set(rec(f, "public_notice"), on_date=d(2025, 9, 30), end_date=d(2025, 10, 8))
    f.today = d(2025, 10, 20)

    result = rules.run(rules.BY_ID["R12"], f, S2014)

    assert result.state == "warning"
    assert "公示1个工作日" in " ".join(str(x) for x in result.__dict__.values())


def test_a_notice_beyond_the_known_holiday_years_says_so():
    f = complete_file()
    _set(rec(f, "public_notice"), on_date=d(2031, 5, 4), end_date=d(2031, 5, 12))

    result = rules.run(rules.BY_ID["R12"], f, S2014)

    assert result.state == "warning"
    assert "2031年" in " ".join(str(x) for x in result.__dict__.values())


def test_rule_set_2026_wants_the_notice_before_the_target_decision():
    f = complete_file()
    s2026 = from_mapping({"version": "2026"})

    before = rules.run(rules.BY_ID["R12"], f, s2026)
    _set(rec(f, "public_notice"), on_date=d(2023, 2, 20), end_date=d(2023, 2, 28))
    after = rules.run(rules.BY_ID["R12"], f, s2026)

    assert (before.state, before.step, before.article) == ("warning", 7, "第十三条")
    assert after.state == "ok"
    assert rules.BY_ID["R12"].article("2014") != "第十三条"


def test_a_notice_over_national_day_2025_lights_the_notice_rule():
    f = complete_file()
    _set(rec(f, "public_notice"), on_date=d(2025, 9, 30), end_date=d(2025, 10, 8))
    f.today = d(2025, 10, 20)

    result = rules.run(rules.BY_ID["R12"], f, S2014)

    assert result.state == "warning"
    assert "公示1个工作日" in " ".join(str(x) for x in result.__dict__.values())


def test_a_notice_beyond_the_known_holiday_years_says_so():
    f = complete_file()
    _set(rec(f, "public_notice"), on_date=d(2031, 5, 4), end_date=d(2031, 5, 12))

    result = rules.run(rules.BY_ID["R12"], f, S2014)

    assert result.state == "warning"
    assert "2031年" in " ".join(str(x) for x in result.__dict__.values())


def test_rule_set_2026_wants_the_oath_within_a_month_of_approval():
    f = complete_file()
    _set(rec(f, "oath"), on_date=d(2023, 8, 15))

    assert rules.run(rules.BY_ID["R20"], f, S2014).state == "ok"
    assert rules.run(rules.BY_ID["R20"], f, from_mapping({"version": "2026"})).state == "warning"


def test_a_notice_over_national_day_2025_lights_the_notice_rule():
    f = complete_file()
    _set(rec(f, "public_notice"), on_date=d(2025, 9, 30), end_date=d(2025, 10, 8))
    f.today = d(2025, 10, 20)

    result = rules.run(rules.BY_ID["R12"], f, S2014)

    assert result.state == "warning"
    assert "公示1个工作日" in " ".join(str(x) for x in result.__dict__.values())


def test_a_notice_beyond_the_known_holiday_years_says_so():
    f = complete_file()
    _set(rec(f, "public_notice"), on_date=d(2031, 5, 4), end_date=d(2031, 5, 12))

    result = rules.run(rules.BY_ID["R12"], f, S2014)

    assert result.state == "warning"
    assert "2031年" in " ".join(str(x) for x in result.__dict__.values())


def test_rule_set_2026_wants_the_branch_meeting_within_a_month_of_prereview():
    f = complete_file()
    _set(sub(f, "prereview"), decided_on=d(2023, 5, 5))

    assert rules.run(rules.BY_ID["R13"], f, S2014).state == "ok"
    assert rules.run(rules.BY_ID["R13"], f, from_mapping({"version": "2026"})).step == 15


def test_thought_report_frequency_is_a_setting():
    f = complete_file()

    quarterly = from_mapping({"report_months": 3})

    assert rules.run(rules.BY_ID["R06"], f, S2014).state == "ok"
    assert "思想汇报" in rules.run(rules.BY_ID["R06"], f, quarterly).message


def test_approval_may_take_six_months_when_the_reason_is_recorded():
    f = complete_file()
    _set(sub(f, "approval"), decided_on=d(2023, 11, 1))
    f.records.remove(rec(f, "oath"))

    plain = rules.run(rules.BY_ID["R18"], f, S2014).state
    _set(sub(f, "approval"), explanation="因疫情延期")
    explained = rules.run(rules.BY_ID["R18"], f, S2014).state

    assert (plain, explained) == ("warning", "ok")


def test_an_extension_moves_the_full_membership_date():
    f = complete_file()
    sub(f, "conversion").status = "extended"
    sub(f, "conversion").extension_months = 6

    assert f.probation_end() == d(2024, 12, 10)
    assert rules.run(rules.BY_ID["R25"], f, S2014).state == "warning"
    f.full_on = d(2024, 12, 10)
    assert rules.run(rules.BY_ID["R25"], f, S2014).state == "ok"


@pytest.mark.parametrize("bad", [{"version": "2020"}, {"notice_days": 5}])
def test_invalid_settings_are_refused(bad):
    with pytest.raises(ValueError):
        from_mapping(bad)
