"""Organisation changes (党组织异动): rename, change affiliation, dissolve and restore.

Each change is one transaction, writes an `OrgChange` history row (former names and codes stay
searchable there) and is audited by the session hooks.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import DateTime, and_, case, func, insert, inspect, literal, select, update

from actions import clock
from models import Organization, OrgChange, OrgOfficer, Person, path_bounds
from models.base import utcnow
from models.org import path_segment

from actions.errors import NotInScope, PermissionDenied, RuleViolation
from actions.orgs.tree import SUFFIX, check_name
from actions.scoping import ensure_in_scope, is_strictly_below

# Tables that keep a denormalized copy of an organisation path: (Model, column attribute).
# Re-parenting rewrites each with one UPDATE; other features register their columns here.
PATH_COLUMNS: list = [(Person, "org_path")]
# People still on an organisation's books (anything but those who have left it for good).
GONE = ("transferred_out", "left", "ended")


def register_path_column(model, attr: str) -> None:
    """Declare that `model.attr` copies an organisation path and must follow re-parenting."""
    if (model, attr) not in PATH_COLUMNS:
        PATH_COLUMNS.append((model, attr))


def _check_date(value: date | None, field: str = "changed_on") -> date:
    if value is None:
        raise RuleViolation("请填写异动日期", field)
    if value > clock.today():
        raise RuleViolation("异动日期不能晚于今天", field)
    return value


def _history(org: Organization, kind: str, on: date, actor, reason: str | None, **values) -> OrgChange:
    return OrgChange(org_id=org.id, kind=kind, changed_on=on, old_name=org.name,
                     new_name=values.pop("new_name", org.name), old_code=org.code,
                     new_code=values.pop("new_code", org.code), old_parent_id=org.parent_id,
                     new_parent_id=values.pop("new_parent_id", org.parent_id),
                     reason=(reason or "").strip() or None, username=getattr(actor, "username", None))


def _admin_on(session, actor, org: Organization) -> None:
    if not actor.can("admin"):
        raise PermissionDenied()
    ensure_in_scope(org, actor)


def check_rename(session, actor, org: Organization, new_name: str, changed_on: date | None):
    """Return (name, date) of a permitted rename, or raise."""
    _admin_on(session, actor, org)
    if org.status != "active":
        raise RuleViolation("该党组织已撤销，不能更名")
    on = _check_date(changed_on)
    name = check_name(session, new_name, exclude_id=org.id)
    if name == org.name:
        raise RuleViolation("新名称与原名称相同，请重新输入", "name")
    return name, on


def rename_org(session, actor, org: Organization, new_name: str, changed_on: date | None,
               reason: str | None = None) -> Organization:
    """Rename an organisation; the old name stays in its history and stays searchable."""
    name, on = check_rename(session, actor, org, new_name, changed_on)
    session.add(_history(org, "rename", on, actor, reason, new_name=name))
    org.name = name
    session.commit()
    return org


def check_move(session, actor, org: Organization, new_parent_id: int | None,
               suffix: str | None, changed_on: date | None):
    """Return (new parent, new code, date) of a permitted change of affiliation, or raise."""
    _admin_on(session, actor, org)
    if not is_strictly_below(org.path, actor):
        raise NotInScope("只能对所辖下级党组织变更隶属关系")
    if org.status != "active":
        raise RuleViolation("该党组织已撤销，不能变更隶属关系")
    on = _check_date(changed_on)
    parent = session.get(Organization, new_parent_id) if new_parent_id else None
    if parent is None:
        raise RuleViolation("请选择新的上级党组织", "parent")
    ensure_in_scope(parent, actor, "parent")
    if parent.status != "active":
        raise RuleViolation("新上级党组织已撤销", "parent")
    old_lo, old_hi = path_bounds(org.path)
    if old_lo <= parent.path < old_hi:
        raise RuleViolation("不能将党组织移到其自身或其下级党组织之下", "parent")
    if parent.id == org.parent_id:
        raise RuleViolation("新上级党组织与原上级党组织相同", "parent")
    suffix = (suffix or org.code[-3:]).strip()
    if not SUFFIX.match(suffix):
        raise RuleViolation("组织代码后3位须为3位数字，请重新输入", "code_suffix")
    new_code = parent.code + suffix
    code_lo, code_hi = new_code, new_code[:-1] + chr(ord(new_code[-1]) + 1)
    taken = select(Organization.id).where(Organization.code >= code_lo,
                                          Organization.code < code_hi).limit(1)
    if session.execute(taken).first():
        raise RuleViolation(f"新上级下已有代码 {new_code}，请重新输入后3位", "code_suffix")
    return parent, new_code, on


def move_org(session, actor, org: Organization, new_parent_id: int | None, suffix: str | None,
             changed_on: date | None, reason: str | None = None) -> Organization:
    """Move an organisation with its whole subtree and all its members under a new parent.

    Paths, codes and depths of the subtree and the members' path copies are rewritten with one
    UPDATE statement per table; the old codes are kept in the history of every moved organisation.
    """
    # Lock the row and read it fresh: two moves of the same subtree must not interleave.
    session.refresh(org, with_for_update=True)
    parent, new_code, on = check_move(session, actor, org, new_parent_id, suffix, changed_on)
    old_lo, old_hi = path_bounds(org.path)
    old_path, old_code = org.path, org.code
    new_path = parent.path + path_segment(org.id)
    shift = parent.depth + 1 - org.depth
    org_id, parent_id = org.id, parent.id
    path_tail = lambda col: literal(new_path) + func.substr(col, len(old_path) + 1)  # noqa: E731
    code_tail = literal(new_code) + func.substr(Organization.code, len(old_code) + 1)
    subtree = and_(Organization.path >= old_lo, Organization.path < old_hi)
    note = {"audit_org_path": new_path, "synchronize_session": False}

    # History first, while the rows still hold their old names and codes.
    session.execute(insert(OrgChange).from_select(
        ["org_id", "kind", "changed_on", "at", "old_name", "new_name", "old_code", "new_code",
         "old_parent_id", "new_parent_id", "reason", "username"],
        select(Organization.id,
               case((Organization.id == org_id, "move"), else_="move_sub"),
               literal(on), literal(utcnow(), DateTime), Organization.name, Organization.name,
               Organization.code, code_tail, Organization.parent_id,
               case((Organization.id == org_id, parent_id), else_=Organization.parent_id),
               literal((reason or "").strip() or None), literal(getattr(actor, "username", None)))
        .where(subtree),
    ), execution_options={**note, "audit_summary": f"党组织「{org.name}」变更隶属关系：登记异动历史"})
    session.execute(
        update(Organization).where(subtree).values(
            path=path_tail(Organization.path), code=code_tail, depth=Organization.depth + shift,
            parent_id=case((Organization.id == org_id, parent_id), else_=Organization.parent_id)),
        execution_options={**note, "audit_summary":
                           f"党组织「{org.name}」及其下级变更隶属关系至「{parent.name}」，"
                           f"代码 {old_code} → {new_code}"},
    )
    for model, attr in PATH_COLUMNS:
        col = getattr(model, attr)
        values = {attr: path_tail(col)}
        version = inspect(model).version_id_col
        if version is not None:  # a decision taken on a stale copy of a moved row must fail
            values[version.key] = getattr(model, version.key) + 1
        session.execute(
            update(model).where(col >= old_lo, col < old_hi).values(values),
            execution_options={**note, "audit_summary":
                               f"党组织「{org.name}」变更隶属关系：{model.__label__}随组织转移"},
        )
    session.commit()
    session.expire_all()
    return session.get(Organization, org_id)


def remaining_people(session, org: Organization) -> list[tuple[str, int]]:
    """People still on the books of `org` or its subtree, as (organisation name, count)."""
    lo, hi = path_bounds(org.path)
    rows = session.execute(
        select(Organization.name, func.count(Person.id))
        .join(Organization, Organization.id == Person.org_id)
        .where(Person.org_path >= lo, Person.org_path < hi, Person.status.not_in(GONE))
        .group_by(Organization.name, Organization.path).order_by(Organization.path)
    ).all()
    return [(name, n) for name, n in rows]


def dissolve_org(session, actor, org: Organization, changed_on: date | None,
                 reason: str | None) -> Organization:
    """Dissolve (撤销) an organisation; only a higher organisation may, and only when it is empty."""
    on = check_dissolve(session, actor, org, changed_on, reason)
    session.add(_history(org, "dissolve", on, actor, reason))
    for officer in session.execute(select(OrgOfficer).where(
            OrgOfficer.org_id == org.id, OrgOfficer.status == "active")).scalars():
        officer.status, officer.ended_on = "ended", max(on, officer.appointed_on)
        officer.end_reason = "党组织撤销"
    org.status = "dissolved"
    org.dissolved_on = on
    org.dissolve_reason = reason.strip()[:500]
    session.commit()
    return org


def check_dissolve(session, actor, org: Organization, changed_on: date | None,
                   reason: str | None) -> date:
    """Return the date of a permitted dissolution, or raise (members or sub-organisations left)."""
    _admin_on(session, actor, org)
    if not is_strictly_below(org.path, actor):
        raise PermissionDenied("撤销党组织须由其上级党组织操作，本级不能撤销")
    if org.status != "active":
        raise RuleViolation("该党组织已经撤销")
    on = _check_date(changed_on)
    if not (reason or "").strip():
        raise RuleViolation("请填写撤销原因", "reason")
    people = remaining_people(session, org)
    if people:
        total = sum(n for _, n in people)
        where = "；".join(f"{name} {n} 人" for name, n in people[:5])
        more = f" 等 {len(people)} 个组织" if len(people) > 5 else ""
        raise RuleViolation(f"该党组织及其下级尚有 {total} 名人员（{where}{more}），"
                            "请先将人员转出后再撤销")
    children = session.execute(
        select(func.count()).select_from(Organization)
        .where(Organization.parent_id == org.id, Organization.status == "active")).scalar_one()
    if children:
        raise RuleViolation(f"该党组织尚有 {children} 个未撤销的下级党组织，请先撤销下级党组织")
    return on


def restore_org(session, actor, org: Organization, changed_on: date | None,
                reason: str | None = None) -> Organization:
    """Restore a dissolved organisation (its parent must be active and its name free)."""
    on = check_restore(session, actor, org, changed_on)
    session.add(_history(org, "restore", on, actor, reason))
    org.status = "active"
    org.dissolved_on = None
    org.dissolve_reason = None
    session.commit()
    return org


def check_restore(session, actor, org: Organization, changed_on: date | None) -> date:
    """Return the date of a permitted restoration, or raise."""
    _admin_on(session, actor, org)
    if not is_strictly_below(org.path, actor):
        raise PermissionDenied("恢复党组织须由其上级党组织操作")
    if org.status != "dissolved":
        raise RuleViolation("该党组织未被撤销，无需恢复")
    on = _check_date(changed_on)
    if org.parent is not None and org.parent.status != "active":
        raise RuleViolation("上级党组织已撤销，请先恢复上级党组织")
    taken = session.execute(select(Organization.id).where(
        Organization.name == org.name, Organization.status == "active").limit(1)).first()
    if taken:
        raise RuleViolation("已有同名的党组织，不能恢复；请先更名后再恢复")
    return on


def history(session, org: Organization) -> list[OrgChange]:
    """The change history of one organisation, newest first."""
    return list(session.execute(
        select(OrgChange).where(OrgChange.org_id == org.id)
        .order_by(OrgChange.changed_on.desc(), OrgChange.id.desc())).scalars())
