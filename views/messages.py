"""One message per outcome: a view's own message replaces Flask-Admin's generic one."""
from __future__ import annotations

from flask import session
from flask_admin.babel import gettext

GENERIC = ("Record was successfully created.", "Record was successfully saved.")


def drop_generic_when_told_more() -> None:
    """Remove "创建记录成功。"/"保存记录成功。" when the view flashed its own message too."""
    flashes = session.get("_flashes") or []
    generic = {gettext(text) for text in GENERIC} | set(GENERIC)
    own = [f for f in flashes if f[1] not in generic]
    if own and len(own) < len(flashes):
        session["_flashes"] = own
