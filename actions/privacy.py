"""Personal data shown as needed: ID numbers masked for whoever does not need the full number."""
from __future__ import annotations

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


def shown_id(user, id_number: str | None) -> str:
    """The ID number as `user` may see it."""
    return (id_number or "") if sees_full_ids(user) else mask_id(id_number)
