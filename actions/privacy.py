"""Personal data shown as needed: ID numbers masked for whoever does not need the full number."""
from __future__ import annotations

import re

FULL_ID_ROLE = "operator"  # operators and above see full ID numbers on details pages and exports


def mask_id(id_number: str | None) -> str:
    """Return an ID number with its middle hidden, e.g. 430102********1234."""
    if not id_number:
        return ""
    if len(id_number) <= 10:
        return id_number[:2] + "*" * max(len(id_number) - 4, 0) + id_number[-2:]
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]


def sees_full_ids(user) -> bool:
    """Whether `user` may see full ID numbers (details pages, exports)."""
    return user is not None and user.can(FULL_ID_ROLE)


ID_PATTERN = re.compile(r"(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{9}[0-9Xx](?![0-9A-Za-z])"
                        r"|(?<![0-9])[1-9][0-9]{14}(?![0-9])")
REVEAL = "reveal"  # audit action: a page showed someone's full ID number


def mask_ids_in(text: str | None) -> str:
    """Mask every ID number found in a free text (audit summaries and change records)."""
    return ID_PATTERN.sub(lambda m: mask_id(m.group(0)), text or "")


def record_reveal(session, user, person) -> None:
    """Put a full-number reveal of `person` into the audit log (the caller commits)."""
    from actions import audit

    audit.record(session, REVEAL, "person", f"查看完整身份证号：{person.name}",
                 person.org.path if getattr(person, "org", None) else None,
                 person_id=person.id)
