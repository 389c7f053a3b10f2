"""Registering an applicant for membership (入党申请人)."""
from __future__ import annotations

from models import Organization, Person
from models.codes import BRANCH_KINDS

from .. import idnumber, people
from ..errors import PermissionDenied, RuleViolation
from ..scoping import ensure_in_scope


def register_applicant(session, actor, org_id: int | None, id_number: str, values: dict,
                       commit: bool = True) -> Person:
    """Register a person who applied to join, in a branch of the actor's jurisdiction.

    Applicants are not members, so a branch's "new members need approval" flag does not apply.
    With commit=False the caller (portal activation) commits it with its own rows.
    """
    if not actor.can("operator"):
        raise PermissionDenied()
    info = idnumber.parse(id_number)
    org = session.get(Organization, org_id) if org_id else None
    if org is None:
        raise RuleViolation("请选择所在党支部", "org")
    ensure_in_scope(org, actor, "org")
    if org.status != "active" or org.kind not in BRANCH_KINDS:
        raise RuleViolation("申请人应登记在正常状态的党支部", "org")
    existing = people.find_by_id_number(session, info.number)
    if existing is not None:
        raise RuleViolation("该身份证号码已登记，不能重复录入", "id_number")
    fields = people.PersonFields.from_mapping({**values, "stage": "applicant"})
    name = people._check(fields)
    person = Person(id_number=info.number, birth_date=info.birth_date, sex=info.sex,
                    org_id=org.id, org_path=org.path, management="direct", status="normal")
    people._apply(person, fields, name)
    session.add(person)
    if commit:
        session.commit()
    else:
        session.flush()
    return person
