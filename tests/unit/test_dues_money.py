"""Money fields take only plain decimals with at most two places, with a Chinese message."""
from decimal import Decimal

import pytest

from actions.errors import RuleViolation
from actions.members import dues


@pytest.mark.parametrize("text, expected", [
    ("4500", "4500.00"), ("4500.5", "4500.50"), ("0.20", "0.20"), (" 99999999.99 ", "99999999.99"),
    (Decimal("12.3"), "12.30"),
])
def test_a_plain_decimal_is_an_amount_in_fen(text, expected):
    assert str(dues.money(text)) == expected


@pytest.mark.parametrize("text, message", [
    ("1e3", "请输入正确的金额"), ("1E3", "请输入正确的金额"), ("1,000", "千位分隔符"),
    ("1，000", "千位分隔符"), ("12.345", "最多两位小数"), ("-5", "不能为负数"), ("+5", "请输入正确的金额"),
    ("1234567890123456789012345", "金额过大"), ("NaN", "请输入正确的金额"), ("Infinity", "请输入正确的金额"),
    ("０.５", "请输入正确的金额"), ("5元", "请输入正确的金额"), (".5", "请输入正确的金额"), ("", "请输入正确的金额"),
    (Decimal("1E+3"), None), (Decimal("NaN"), "请输入正确的金额"),
])
def test_anything_else_is_refused_with_a_chinese_message_at_the_field(text, message):
    if message is None:  # an exact Decimal typed by code, not text: accepted as its value
        assert dues.money(text) == Decimal("1000.00")
        return
    with pytest.raises(RuleViolation) as err:
        dues.money(text, "income_base")
    assert message in err.value.message and err.value.field == "income_base"


def test_a_total_beyond_what_the_column_holds_is_refused_at_the_monthly_amount():
    from datetime import date

    with pytest.raises(RuleViolation) as err:
        dues.settle({"dues_class": "farmer", "monthly_amount": "99999999.99", "override_reason": "测试",
                     "month_from": date(2020, 1, 1), "month_to": date(2029, 12, 1)})
    assert err.value.field == "monthly_amount" and "过大" in err.value.message
