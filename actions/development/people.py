"""Registering an applicant for membership (入党申请人)."""
from __future__ import annotations

from models import Organization, Person
from models.codes import BRANCH_KINDS

from actions.members import people
from actions.errors import RuleViolation
from actions.scoping import ensure_in_scope


def register_applicant(session, actor, org_id: int | None, id_number: str, values: dict,
                       commit: bool = True) -> Person:
    """Register a person who applied to join, in a branch of the actor's jurisdiction.

    Applicants are not members, so a branch's "new members need approval" flag does not apply.
    With commit=False the caller (portal activation) commits it with its own rows.
    """
    org = session.get(Organization, org_id) if org_id else None
    if org is None:
        raise RuleViolation("请选择所在党支部", "org")
    ensure_in_scope(org, actor, "org")
    if org.kind not in BRANCH_KINDS:
        raise RuleViolation("申请人应登记在正常状态的党支部", "org")
    fields = people.PersonFields.from_mapping({**values, "stage": "applicant"})
    person = people.new_person(session, actor, org.id, id_number, fields, status="normal")
    if commit:
        session.commit()
    else:
        session.flush()
    return person
