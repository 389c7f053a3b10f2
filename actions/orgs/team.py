"""Leadership teams (班子) and officers: secretary, deputy secretaries, committee members."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, text

from actions import clock
from actions.errors import PermissionDenied, RuleViolation
from actions.members import people
from actions.scoping import bounds_of, ensure_in_scope
from models import Organization, OrgOfficer, OrgTeam, path_bounds
from models import current_team as triggers
from models.codes import ELECTION_METHOD, MEMBER_STAGES, OFFICER_ROLE, TERM_YEARS

DUE_DAYS = 90


@dataclass
class TeamFields:
    election_method: str
    elected_on: date | None
    term_ends_on: date | None = None
    previous_election_on: date | None = None
    note: str | None = None


def term_end(kind: str, elected_on: date) -> date:
    """Default end of term: 5 years for committees, 3 for general branches and branches."""
    years = TERM_YEARS.get(kind, 3)
    try:
        return elected_on.replace(year=elected_on.year + years)
    except ValueError:  # elected on 29 February
        return elected_on.replace(year=elected_on.year + years, day=28)


def current_team(session, org: Organization) -> OrgTeam | None:
    """The organisation's current team: the one its org_team triggers keep (organization.team_id),
    read from the database so that a team flushed in this transaction counts."""
    return session.execute(
        select(OrgTeam).join(Organization, Organization.team_id == OrgTeam.id)
        .where(Organization.id == org.id)).scalar_one_or_none()


def _operator_on(actor, org: Organization) -> None:
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(org, actor)
    if org.status != "active":
        raise RuleViolation("该党组织已撤销")


def _check_team(org: Organization, f: TeamFields) -> TeamFields:
    if f.election_method not in ELECTION_METHOD:
        raise RuleViolation("请选择当选方式", "election_method")
    if f.elected_on is None:
        raise RuleViolation("请填写当选时间", "elected_on")
    if f.elected_on > clock.today():
        raise RuleViolation("当选时间不能晚于今天", "elected_on")
    if f.term_ends_on is None:
        f.term_ends_on = term_end(org.kind, f.elected_on)
    if f.term_ends_on <= f.elected_on:
        raise RuleViolation("本届届满日期须晚于当选时间", "term_ends_on")
    if f.previous_election_on and f.previous_election_on >= f.elected_on:
        raise RuleViolation("上次换届日期须早于本次当选时间", "previous_election_on")
    f.note = (f.note or "").strip()[:500] or None
    return f


def save_team(session, actor, org: Organization, fields: TeamFields,
              team: OrgTeam | None = None) -> OrgTeam:
    """Record a newly elected team (换届) or correct the given one."""
    _operator_on(actor, org)
    f = _check_team(org, fields)
    if team is None:
        last = current_team(session, org)
        if last is not None and f.elected_on <= last.elected_on:
            raise RuleViolation(f"当选时间须晚于上一届班子的当选时间（{last.elected_on}）", "elected_on")
        if f.previous_election_on is None and last is not None:
            f.previous_election_on = last.elected_on
        team = OrgTeam(org_id=org.id)
        session.add(team)
    elif team.org_id != org.id:
        raise RuleViolation("班子不属于该党组织")
    else:
        first = session.execute(select(func.min(OrgOfficer.appointed_on)).where(
            OrgOfficer.team_id == team.id)).scalar()
        if first is not None and f.elected_on > first:
            raise RuleViolation(f"已有任职日期为 {first} 的班子成员，当选时间不能晚于该日期",
                                "elected_on")
    for key in ("election_method", "elected_on", "term_ends_on", "previous_election_on", "note"):
        setattr(team, key, getattr(f, key))
    session.commit()
    return team


def officers(session, org: Organization, active_only: bool = False) -> list[OrgOfficer]:
    stmt = select(OrgOfficer).where(OrgOfficer.org_id == org.id)
    if active_only:
        stmt = stmt.where(OrgOfficer.status == "active")
    order = {"secretary": 0, "deputy": 1, "member": 2}
    rows = list(session.execute(stmt.order_by(OrgOfficer.appointed_on, OrgOfficer.id)).scalars())
    return sorted(rows, key=lambda o: (o.status != "active", order.get(o.role, 9)))


def appoint(session, actor, org: Organization, role: str, id_number: str,
            appointed_on: date | None) -> OrgOfficer:
    """Appoint an officer; a new secretary ends the current secretary's appointment that day."""
    _operator_on(actor, org)
    if role not in OFFICER_ROLE:
        raise RuleViolation("请选择职务", "role")
    person = people.find_by_id_number(session, (id_number or "").strip())
    if person is None:
        raise RuleViolation("未找到该身份证号码的人员，请核对", "id_number")
    ensure_in_scope(person, actor, "id_number")
    if person.stage not in MEMBER_STAGES or person.status != "normal":
        raise RuleViolation(f"{person.name}不是在册党员，不能任职", "id_number")
    if role == "secretary":
        if person.org_id != org.id or person.management != "direct":
            raise RuleViolation("只有本组织直管党员，才能录入为组织书记", "id_number")
    else:
        lo, hi = path_bounds(org.path)
        if not lo <= person.org_path < hi:
            raise RuleViolation("副书记、委员须为本组织或其下级组织的党员", "id_number")
    if appointed_on is None:
        raise RuleViolation("请填写任职日期", "appointed_on")
    if appointed_on > clock.today():
        raise RuleViolation("任职日期不能晚于今天", "appointed_on")
    team = current_team(session, org)
    if team is not None and appointed_on < team.elected_on:
        raise RuleViolation(f"任职日期不能早于本届班子的当选时间（{team.elected_on}）", "appointed_on")
    held = session.execute(select(OrgOfficer).where(
        OrgOfficer.org_id == org.id, OrgOfficer.person_id == person.id,
        OrgOfficer.status == "active")).scalars().first()
    if held is not None:
        raise RuleViolation(f"{person.name}已在本组织担任{OFFICER_ROLE[held.role]}，"
                            "请先撤销原职务", "id_number")
    if role == "secretary":
        old = session.execute(select(OrgOfficer).where(
            OrgOfficer.org_id == org.id, OrgOfficer.role == "secretary",
            OrgOfficer.status == "active").with_for_update()).scalars().first()
        if old is not None:
            if appointed_on < old.appointed_on:
                raise RuleViolation(f"任职日期不能早于现任书记的任职日期（{old.appointed_on}）",
                                    "appointed_on")
            old.status, old.ended_on, old.end_reason = "ended", appointed_on, "更换书记"
            session.flush()  # the partial unique index allows one active secretary
    officer = OrgOfficer(org_id=org.id, team_id=team.id if team else None, person_id=person.id,
                         role=role, appointed_on=appointed_on, status="active")
    session.add(officer)
    session.commit()
    return officer


def revoke(session, actor, officer: OrgOfficer, ended_on: date | None,
           reason: str | None = None) -> OrgOfficer:
    """End an appointment (撤销), dated; the record stays in the history."""
    _operator_on(actor, officer.org)
    if officer.status != "active":
        raise RuleViolation("该任职已结束")
    if ended_on is None:
        raise RuleViolation("请填写离任日期", "ended_on")
    if ended_on < officer.appointed_on or ended_on > clock.today():
        raise RuleViolation("离任日期须在任职日期与今天之间", "ended_on")
    officer.status, officer.ended_on = "ended", ended_on
    officer.end_reason = (reason or "").strip()[:200] or "撤销"
    session.commit()
    return officer


def _due(user, today: date | None):
    """The organisations of 换届提醒: active, strictly below the user, whose current team's
    term ended or ends within DUE_DAYS (read from organization.team_ends_on, which the
    org_team triggers keep)."""
    today = today or clock.today()
    lo, hi = bounds_of(user)
    return (Organization.path > lo, Organization.path < hi, Organization.status == "active",
            Organization.team_ends_on <= today + timedelta(days=DUE_DAYS))


def due_teams_query(user, today: date | None = None):
    """Current teams of active organisations below the user whose term ended or ends within 90 days."""
    return (select(OrgTeam).join(Organization, Organization.team_id == OrgTeam.id)
            .where(*_due(user, today)))


def due_count(session, user, today: date | None = None) -> int:
    """How many organisations due_teams_query lists (one index range over organization)."""
    return session.execute(
        select(func.count()).select_from(Organization).where(*_due(user, today))).scalar_one()


@contextmanager
def loading(conn):
    """Bulk-load teams with the current-team triggers off, then set every organisation's
    current team with one UPDATE (a trigger per team costs ~0.2 ms, a minute at 300k teams)."""
    dialect = conn.dialect.name
    for statement in triggers.drop_ddl(dialect):
        conn.execute(text(statement))
    yield
    for statement in triggers.ddl(dialect):
        conn.exec_driver_sql(statement)
    for statement in triggers.refresh_all(dialect):
        conn.execute(text(statement))
