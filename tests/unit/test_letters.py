"""Chinese capital numerals of the introduction letter."""
import pytest

from actions.members.letters import capital_digits, capital_number


@pytest.mark.parametrize("n, text", [(2026, "贰零贰陆"), (1999, "壹玖玖玖"), (2000, "贰零零零")])
def test_years_are_written_digit_by_digit(n, text):
    assert capital_digits(n) == text


@pytest.mark.parametrize("n, text", [(1, "壹"), (10, "拾"), (11, "拾壹"), (12, "拾贰"), (20, "贰拾"),
                                     (30, "叁拾"), (31, "叁拾壹"), (90, "玖拾"), (100, "壹佰"),
                                     (105, "壹佰零伍"), (110, "壹佰壹拾"), (180, "壹佰捌拾")])
def test_months_days_and_validity_use_capital_numerals(n, text):
    assert capital_number(n) == text
