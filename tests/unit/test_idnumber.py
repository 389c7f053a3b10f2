"""ID numbers (GB 11643): checksum, birth date and sex come from the number."""
from datetime import date

import pytest

from actions.members import idnumber
from actions.errors import RuleViolation


def test_valid_number_gives_birth_date_and_sex():
    info = idnumber.parse("11010519491231002X")

    assert info.birth_date == date(1949, 12, 31)
    assert info.sex == "2"
    assert info.number == "11010519491231002X"


def test_lower_case_x_and_spaces_are_normalised():
    assert idnumber.parse(" 11010519491231002x ").number == "11010519491231002X"


def test_odd_seventeenth_digit_means_male():
    first17 = "43010219800517003"
    assert idnumber.parse(first17 + idnumber.check_char(first17)).sex == "1"


@pytest.mark.parametrize("raw, message", [
    ("", "身份证号码应为18位"),
    ("1101051949123100", "身份证号码应为18位"),
    ("11010519491231002A", "格式不正确"),
    ("110105194912310021", "校验位错误"),
    ("110105194902300028", "出生日期无效"),
    ("110105219912310021", "出生日期无效"),
])
def test_invalid_numbers_are_refused_with_a_chinese_reason(raw, message):
    with pytest.raises(RuleViolation) as err:
        idnumber.parse(raw)

    assert message in err.value.message
    assert err.value.field == "id_number"


def test_age_counts_full_years_only():
    assert idnumber.age_on(date(2000, 6, 15), date(2018, 6, 14)) == 17
    assert idnumber.age_on(date(2000, 6, 15), date(2018, 6, 15)) == 18
