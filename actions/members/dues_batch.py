"""Batch dues entry: each member pays by their own class and income, not one figure for all.

Each member's terms come from, in order: what the operator typed on the member's row, the
member's last payment (class, base, monthly amount when it was an adjusted one), the class
filled once for the batch, the default class of the member's category. The amount is then
computed per member by the same rule as a single payment (dues.settle).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, func, select

from actions import privacy
from actions.errors import RuleViolation
from actions.members import dues
from models import DuesPayment, Organization, Person
from models.codes import DUES_CLASS

TERMS = ("dues_class", "income_base", "monthly_amount", "override_reason")
MAX_LISTED = 1000  # rows the confirmation lists one by one


@dataclass
class Line:
    """One member's payment as it will be saved, or why it cannot be."""

    person_id: int
    name: str
    id_number: str
    org: str
    terms: dict
    values: dict | None = None
    errors: dict = field(default_factory=dict)

    @property
    def class_label(self) -> str:
        return DUES_CLASS.get(self.terms.get("dues_class") or "", "")


def last_terms(session, person_ids: list[int]) -> dict[int, dict]:
    """Class, base, monthly amount and reason of each member's latest payment (one query)."""
    if not person_ids:
        return {}
    latest = (select(DuesPayment.person_id, func.max(DuesPayment.month_to).label("month_to"))
              .where(DuesPayment.person_id.in_(person_ids)).group_by(DuesPayment.person_id)
              .subquery())
    rows = session.execute(select(DuesPayment.person_id, DuesPayment.dues_class,
                                  DuesPayment.income_base, DuesPayment.monthly_amount,
                                  DuesPayment.computed_monthly, DuesPayment.override_reason)
                           .join(latest, and_(latest.c.person_id == DuesPayment.person_id,
                                              latest.c.month_to == DuesPayment.month_to)))
    out = {}
    for pid, cls, base, monthly, computed, reason in rows:
        terms = {"dues_class": cls, "income_base": base}
        if reason and monthly != computed:  # an adjusted amount is kept with its reason
            terms.update(monthly_amount=monthly, override_reason=reason)
        out[pid] = terms
    return out


def defaults(session, people: list[Person], shared_class: str | None = None) -> dict[int, dict]:
    """The terms each member starts with (before the operator edits their row)."""
    last = last_terms(session, [p.id for p in people])
    return {p.id: last.get(p.id) or {"dues_class": shared_class or dues.default_class(p),
                                     "income_base": None}
            for p in people}


def row_values(form) -> dict[int, dict]:
    """The per-member fields the operator typed (names like dues_class.12), by member id."""
    out: dict[int, dict] = {}
    for key in form.keys():
        name, _, pid = key.partition(".")
        if name in TERMS and pid.isdigit():
            out.setdefault(int(pid), {})[name] = (form.get(key) or "").strip()
    return out


def plan(session, actor, person_ids: list[int], data: dict, typed: dict[int, dict] | None = None,
         listed: int = MAX_LISTED) -> tuple[dict[int, dict], list[Line], int]:
    """Compute each member's payment. Returns (values by member, lines to show, error count).

    `data` is the batch's shared record (months, paid_on, content, optional dues_class).
    """
    typed = typed or {}
    people = list(session.execute(
        select(Person, Organization.name).join(Organization, Organization.id == Person.org_id)
        .where(Person.id.in_(person_ids)).order_by(Person.org_path, Person.id)))
    start = defaults(session, [p for p, _org in people], data.get("dues_class"))
    per_person, lines, errors = {}, [], 0
    for person, org in people:
        terms = dict(start[person.id])
        terms.update({k: v for k, v in typed.get(person.id, {}).items()})
        line = Line(person.id, person.name, privacy.mask_id(person.id_number), org, terms)
        try:
            settled = dues.settle({**terms, "month_from": data["month_from"],
                                   "month_to": data["month_to"]})
        except RuleViolation as err:
            line.errors[err.field or "dues_class"] = err.message
            errors += 1
        else:
            line.values = {k: settled[k] for k in ("dues_class", "income_base", "computed_monthly",
                                                   "monthly_amount", "override_reason", "amount")}
            per_person[person.id] = line.values
        if len(lines) < listed or line.errors:
            lines.append(line)
    return per_person, lines, errors


def total(per_person: dict[int, dict]) -> Decimal:
    return sum((v["amount"] for v in per_person.values()), Decimal("0.00"))
