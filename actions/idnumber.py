"""Resident ID numbers (GB 11643): checksum, birth date and sex derived from the number."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from actions import clock

from actions.errors import RuleViolation

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_char(first17: str) -> str:
    """Return the check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS))
    return CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: date
    sex: str  # "1" male, "2" female (GB/T 2261.1)


def normalize(raw: str | None) -> str:
    return (raw or "").strip().upper().replace(" ", "")


def parse(raw: str | None, field: str = "id_number") -> IdInfo:
    """Validate an 18-character ID number and return what it encodes, or raise RuleViolation."""
    number = normalize(raw)
    if len(number) != 18:
        raise RuleViolation("身份证号码应为18位", field)
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise RuleViolation("身份证号码格式不正确：前17位应为数字，末位为数字或X", field)
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise RuleViolation("身份证号码中的出生日期无效", field) from None
    if birth.year < 1900 or birth > clock.today():
        raise RuleViolation("身份证号码中的出生日期无效", field)
    if check_char(number[:17]) != number[17]:
        raise RuleViolation("身份证号码校验位错误，请核对后重新输入", field)
    sex = "1" if int(number[16]) % 2 == 1 else "2"
    return IdInfo(number, birth, sex)


def is_valid(raw: str | None) -> bool:
    try:
        parse(raw)
    except RuleViolation:
        return False
    return True


def age_on(birth: date, on: date) -> int:
    """Return the age in full years on a given day."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
