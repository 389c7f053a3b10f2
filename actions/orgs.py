"""Organisation tree: create and edit (renames, moves and dissolving live in their own issue)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from actions import clock
from models import Organization
from models.codes import ORG_KIND
from models.org import path_segment

from actions.errors import PermissionDenied, RuleViolation
from actions.ids import reserve_id
from actions.scoping import ensure_in_scope, scope

SUFFIX = re.compile(r"^\d{3}$")


@dataclass
class OrgFields:
    name: str
    kind: str
    requires_approval: bool = False
    unit_name: str | None = None
    founded_on: date | None = None


def _check_fields(session, fields: OrgFields, exclude_id: int | None = None) -> str:
    if fields.kind not in ORG_KIND:
        raise RuleViolation("请选择组织类别", "kind")
    return check_name(session, fields.name, exclude_id)


def check_name(session, name: str | None, exclude_id: int | None = None) -> str:
    """Return the stripped full name, or refuse an empty, too long or duplicate active name."""
    name = (name or "").strip()
    if not name:
        raise RuleViolation("请输入党组织全称", "name")
    if len(name) > 200:
        raise RuleViolation("党组织全称不能超过200个字", "name")
    stmt = select(Organization.id).where(
        Organization.name == name, Organization.status == "active"
    )
    if exclude_id is not None:
        stmt = stmt.where(Organization.id != exclude_id)
    if session.execute(stmt.limit(1)).first():
        raise RuleViolation("党组织名称已存在，请重新输入", "name")
    return name


def find_org(session, code_or_name: str | None, user=None,
             active_only: bool = False) -> Organization | None:
    """The organisation with this exact code or full name (active ones first), or None.

    With `user`, only organisations of that user's jurisdiction are found.
    """
    value = (code_or_name or "").strip()
    if not value:
        return None
    stmt = select(Organization).where(or_(Organization.code == value, Organization.name == value))
    if user is not None:
        stmt = scope(stmt, user, Organization)
    if active_only:
        stmt = stmt.where(Organization.status == "active")
    stmt = stmt.order_by(Organization.status != "active", Organization.id).limit(1)
    return session.execute(stmt).scalar_one_or_none()


def create_org(session, actor, parent_id: int | None, suffix: str, fields: OrgFields) -> Organization:
    """Create a child organisation under `parent_id`; its code is the parent's plus 3 digits."""
    if not actor.can("admin"):
        raise PermissionDenied()
    parent = session.get(Organization, parent_id) if parent_id else None
    if parent is None:
        raise RuleViolation("请选择上级党组织", "parent")
    ensure_in_scope(parent, actor, "parent")
    if parent.status != "active":
        raise RuleViolation("上级党组织已撤销，不能在其下新增组织", "parent")
    suffix = (suffix or "").strip()
    if not SUFFIX.match(suffix):
        raise RuleViolation("组织代码后3位须为3位数字，请重新输入", "code_suffix")
    code = parent.code + suffix
    if session.execute(select(Organization.id).where(Organization.code == code)).first():
        raise RuleViolation("该组织代码已被使用，请重新输入后3位", "code_suffix")
    name = _check_fields(session, fields)

    org_id = reserve_id(session, Organization)
    org = Organization(
        id=org_id,
        parent_id=parent.id,
        path=parent.path + path_segment(org_id),
        depth=parent.depth + 1,
        code=code,
        name=name,
        kind=fields.kind,
        requires_approval=bool(fields.requires_approval),
        unit_name=(fields.unit_name or "").strip() or None,
        founded_on=fields.founded_on,
        status="active",
    )
    session.add(org)
    session.commit()
    return org


def update_org(session, actor, org: Organization, fields: OrgFields) -> Organization:
    """Edit an organisation's basic information."""
    if not actor.can("admin"):
        raise PermissionDenied()
    ensure_in_scope(org, actor)
    name = _check_fields(session, fields, exclude_id=org.id)
    if name != org.name:  # a rename made here is kept in the history like any other
        from actions.orgs.changes import _history

        session.add(_history(org, "rename", clock.today(), actor, "基本信息维护", new_name=name))
    org.name = name
    org.kind = fields.kind
    org.requires_approval = bool(fields.requires_approval)
    org.unit_name = (fields.unit_name or "").strip() or None
    org.founded_on = fields.founded_on
    session.commit()
    return org


def create_root(session, code: str, name: str, kind: str = "committee") -> Organization:
    """Create the root organisation (the city committee); used by set-up commands only."""
    if session.execute(select(func.count()).select_from(Organization)).scalar():
        raise RuleViolation("根党组织已存在")
    org_id = reserve_id(session, Organization)
    org = Organization(
        id=org_id, parent_id=None, path=path_segment(org_id), depth=0, code=code,
        name=name, kind=kind, status="active",
    )
    session.add(org)
    session.commit()
    return org
