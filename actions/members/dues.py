"""Party dues: the monthly amount by income and category, months paid, arrears in SQL."""
from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import (
    Numeric,
    and_,
    case,
    extract,
    false,
    func,
    literal,
    or_,
    select,
    type_coerce,
)

from actions import clock
from actions.errors import RuleViolation
from actions.scoping import scope
from models import DuesPayment, Organization, Person
from models.codes import CATEGORY_DUES_CLASS, DUES_CLASS, MEMBER_STAGES, ON_ROLL

FEN = Decimal("0.01")
# (upper bound of the monthly base or None, rate) per class; transfers-dues-status.md.
BRACKETS = {
    "employed": ((Decimal(3000), Decimal("0.005")), (Decimal(5000), Decimal("0.01")),
                 (Decimal(10000), Decimal("0.015")), (None, Decimal("0.02"))),
    "retired": ((Decimal(5000), Decimal("0.005")), (None, Decimal("0.01"))),
}
# Fixed amounts: (lowest, highest) a member of the class may pay per month.
FIXED = {
    "farmer": (Decimal("0.20"), Decimal("1.00")),
    "student": (Decimal("0.20"), Decimal("0.20")),
    "unemployed": (Decimal("0.20"), Decimal("0.20")),
    "subsistence": (Decimal("0.20"), Decimal("0.20")),
}
ARREARS_MONTHS = 6


MONEY_TEXT = re.compile(r"^[0-9]+(\.[0-9]+)?$")
MAX_INTEGER_DIGITS = 8  # up to 99999999.99 yuan; the columns hold 10 integer digits
MONEY_HELP = "只填数字，最多两位小数，如 4500 或 4500.50"


def money(value, field: str = "amount") -> Decimal:
    """Parse a yuan amount typed as a plain decimal (digits, at most two places) into a Decimal.

    No exponent (1e3), no thousands separators, no sign: each refusal is a message at the field.
    """
    if isinstance(value, Decimal):
        text = format(value, "f") if value.is_finite() else "x"
    else:
        text = str(value).strip()
    if "," in text or "，" in text:
        raise RuleViolation("金额请不要使用千位分隔符（逗号），" + MONEY_HELP, field)
    if text.startswith("-"):
        raise RuleViolation("金额不能为负数", field)
    if not MONEY_TEXT.match(text):
        raise RuleViolation("请输入正确的金额：" + MONEY_HELP, field)
    whole, _, cents = text.partition(".")
    if len(cents) > 2:
        raise RuleViolation("金额最多两位小数（精确到分）", field)
    if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS:
        raise RuleViolation("金额过大，最多 99999999.99 元", field)
    return Decimal(text).quantize(FEN)


def default_class(person: Person) -> str:
    return CATEGORY_DUES_CLASS.get(person.category or "", "employed")


def monthly_dues(dues_class: str, income_base: Decimal | None) -> Decimal:
    """Return the monthly dues in yuan (rounded half up to the fen) for a class and base."""
    if dues_class in FIXED:
        return FIXED[dues_class][0]
    if dues_class not in BRACKETS:
        raise RuleViolation("请选择党费计算类别", "dues_class")
    if income_base is None:
        raise RuleViolation("请填写计算基数（税后工资或养老金）", "income_base")
    base = money(income_base, "income_base")
    for upper, rate in BRACKETS[dues_class]:
        if upper is None or base <= upper:
            return (base * rate).quantize(FEN, rounding=ROUND_HALF_UP)
    raise AssertionError("unreachable")  # pragma: no cover


def allowed(dues_class: str, computed: Decimal) -> tuple[Decimal, Decimal]:
    """The range a member may pay per month without an override reason."""
    return FIXED.get(dues_class, (computed, computed))


def first_of_month(value: date) -> date:
    return value.replace(day=1)


def months_between(start: date, end: date) -> int:
    """Number of months from `start` to `end`, both included."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def settle(values: dict) -> dict:
    """Fill the computed fields of a dues payment from what the operator typed.

    `values` holds dues_class, income_base, monthly_amount (optional), override_reason,
    month_from, month_to, paid_on. Returns the complete column values.
    """
    dues_class = values.get("dues_class")
    if dues_class not in DUES_CLASS:
        raise RuleViolation("请选择党费计算类别", "dues_class")
    base = values.get("income_base")
    base = money(base, "income_base") if base not in (None, "") else None
    start, end = values.get("month_from"), values.get("month_to")
    if start is None:
        raise RuleViolation("请填写起始月份", "month_from")
    end = end or start
    start, end = first_of_month(start), first_of_month(end)
    if end < start:
        raise RuleViolation("截止月份不能早于起始月份", "month_to")
    if months_between(start, end) > 120:
        raise RuleViolation("一次交纳最多覆盖120个月", "month_to")
    computed = monthly_dues(dues_class, base)
    typed = values.get("monthly_amount")
    monthly = money(typed, "monthly_amount") if typed not in (None, "") else computed
    reason = (values.get("override_reason") or "").strip() or None
    lo, hi = allowed(dues_class, computed)
    if not lo <= monthly <= hi and not reason:
        raise RuleViolation(f"实交月额与按规定计算的 {computed} 元不符，请填写调整理由", "override_reason")
    if lo <= monthly <= hi:
        reason = None if monthly == computed else reason
    amount = monthly * months_between(start, end)
    if amount >= Decimal("1e10"):
        raise RuleViolation("交纳金额合计过大，请核对实交月额和月份", "monthly_amount")
    return {
        "dues_class": dues_class, "income_base": base, "computed_monthly": computed,
        "monthly_amount": monthly, "override_reason": reason,
        "month_from": start, "month_to": end,
        "amount": amount,
    }


def arrears_threshold(today: date) -> date:
    """A member is in arrears when nothing is paid for this month or later.

    The current month is still payable, so the streak counts the months before it: with the
    last paid month L and the current month C, C - L - 1 >= 6  <=>  L <= C - 7 months.
    """
    return add_months(first_of_month(today), -(ARREARS_MONTHS + 1))


def recorded_since(session, setting: date | None = None) -> date:
    """First month whose dues the platform records: the setting, else the month it went live.

    Months before it were paid on paper; a member with no payment record is not in arrears
    for them (otherwise every member would be flagged on the day the platform starts).
    """
    if setting is not None:
        return first_of_month(setting)
    started = session.execute(select(func.min(Organization.created_at))
                              .where(Organization.parent_id.is_(None))).scalar()
    return first_of_month(started.date() if started else clock.today())


# A floor under every paid month: the arrears range is two-sided, which SQLite searches as a
# range of the last-paid-month index instead of skipping through it.
FIRST_MONTH = date(1900, 1, 1)


def arrears_condition(today: date, since: date | None = None):
    """SQL: a person on the roll with 6 or more consecutive unpaid months up to last month.

    Never-paying members count from the month they joined (probationary members pay from the
    branch meeting's date), or from `since` when that is later. The last paid month is the
    person's `dues_paid_to` (kept by the database from the payments): one indexed range.
    """
    last_ok = arrears_threshold(today)
    # Joined in month J and never paid: J .. C-1 unpaid, C - J >= 6  <=>  J <= C - 6 months.
    limit = add_months(last_ok, 2)
    if since is not None and since >= limit:
        never_paid = false()
    else:
        never_paid = and_(Person.dues_paid_to.is_(None), Person.joined_on < limit)
    return and_(Person.stage.in_(MEMBER_STAGES), Person.status.in_(ON_ROLL),
                Person.management == "direct",
                or_(Person.dues_paid_to.between(FIRST_MONTH, last_ok), never_paid))


def arrears_count(session, user, today: date | None = None, cap: int = 10000,
                  since: date | None = None) -> int:
    """Members in the user's scope in arrears, counted up to `cap` + 1 (never a full count)."""
    # The last paid month's index holds every column of the condition but joined_on: SQLite,
    # which cannot size ranges, would otherwise walk the members of the whole jurisdiction.
    stmt = scope(select(literal(1)).select_from(Person), user, Person).where(
        arrears_condition(today or clock.today(), since)).limit(cap + 1).with_hint(
        Person, "INDEXED BY ix_person_dues_paid_to_org_path", "sqlite")
    return session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()


def paid_until(session, person_id: int) -> date | None:
    """The last month a member's payments cover (the database keeps it on the person)."""
    return session.execute(select(Person.dues_paid_to).where(Person.id == person_id)).scalar()


def in_arrears(person: Person, paid_to: date | None, today: date | None = None,
               since: date | None = None) -> bool:
    """The same rule as `arrears_condition`, for one loaded member."""
    if person.stage not in MEMBER_STAGES or person.status not in ON_ROLL:
        return False
    start = first_of_month(person.joined_on) if person.joined_on else None
    if start is not None and since is not None and since > start:
        start = since
    last = paid_to or (add_months(start, -1) if start else None)
    return last is not None and last <= arrears_threshold(today or clock.today())


def _month_index(column):
    """SQL: year * 12 + month - 1 of a date column (the same on SQLite and PostgreSQL)."""
    return extract("year", column) * 12 + extract("month", column) - 1


def arrears_columns(today: date, since: date | None = None) -> dict:
    """SQL expressions, correlated to Person, for the arrears list and its export.

    paid_to: the last month paid (党费交至); months: unpaid months up to last month (as the
    arrears rule counts them); rate: the monthly amount of the last payment, or the fixed
    minimum of the member's default class when they never paid; owed: months * rate.
    The rate is one probe of the (person_id, month_to) index per listed member.
    """
    current = today.year * 12 + today.month - 1
    paid_to = Person.dues_paid_to
    joined = _month_index(Person.joined_on)
    start = joined
    if since is not None:
        first = since.year * 12 + since.month - 1
        start = case((joined > first, joined), else_=literal(first))
    months = case((paid_to.is_(None), current - start), else_=current - _month_index(paid_to) - 1)
    last_rate = (select(DuesPayment.monthly_amount).where(DuesPayment.person_id == Person.id)
                 .correlate(Person).order_by(DuesPayment.month_to.desc()).limit(1).scalar_subquery())
    fixed = case(*[(Person.category == code, literal(FIXED[cls][0]))
                   for code, cls in CATEGORY_DUES_CLASS.items() if cls in FIXED], else_=None)
    rate = type_coerce(func.coalesce(last_rate, fixed), Numeric(12, 2))
    return {"paid_to": paid_to, "months": months, "rate": rate,
            "owed": type_coerce(rate * months, Numeric(12, 2))}
