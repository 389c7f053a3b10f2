"""Person core: create and edit a person's basic record."""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import fields as dc_fields
from datetime import date
from functools import lru_cache

from sqlalchemy import select

from actions import clock
from models import Organization, Person
from models.codes import CATEGORY, DEGREE, EDUCATION, ETHNICITY, STAGE

from actions.members import idnumber
from actions.errors import PermissionDenied, RuleViolation
from actions.scoping import ensure_in_scope


@dataclass
class PersonFields:
    name: str
    ethnicity: str = "01"
    stage: str = "full"
    native_place: str | None = None
    education: str | None = None
    degree: str | None = None
    category: str | None = None
    work_started_on: date | None = None
    job: str | None = None
    phone: str | None = None
    address: str | None = None
    applied_on: date | None = None
    joined_on: date | None = None
    full_on: date | None = None

    @classmethod
    def from_mapping(cls, data: dict) -> PersonFields:
        names = {f.name for f in dc_fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@lru_cache(maxsize=20000)
def _initial(ch: str) -> str:
    # pypinyin's dictionaries take ~50 MB: load them only when a name is first written.
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(ch, style=Style.FIRST_LETTER)).lower()


def initials(name: str) -> str:
    """Return pinyin initials of a Chinese name in lower case ("张三" -> "zs").

    Character by character, so a surname is read the same way wherever it appears.
    """
    return "".join(_initial(ch) for ch in (name or "") if not ch.isspace())[:20]


def find_by_id_number(session, number: str) -> Person | None:
    return session.execute(
        select(Person).where(Person.id_number == idnumber.normalize(number))
    ).scalar_one_or_none()


def _check(fields: PersonFields) -> str:
    name = (fields.name or "").strip()
    if not name:
        raise RuleViolation("请输入姓名", "name")
    if len(name) > 50:
        raise RuleViolation("姓名不能超过50个字", "name")
    for value, table, field, msg in (
        (fields.ethnicity, ETHNICITY, "ethnicity", "请选择民族"),
        (fields.stage, STAGE, "stage", "请选择人员阶段"),
    ):
        if value not in table:
            raise RuleViolation(msg, field)
    for value, table, field in (
        (fields.education, EDUCATION, "education"),
        (fields.degree, DEGREE, "degree"),
        (fields.category, CATEGORY, "category"),
    ):
        if value and value not in table:
            raise RuleViolation("代码值无效", field)
    if fields.stage in ("probationary", "full") and not fields.joined_on:
        raise RuleViolation("党员须填写入党日期", "joined_on")
    if fields.joined_on and fields.joined_on > clock.today():
        raise RuleViolation("入党日期不能晚于今天", "joined_on")
    if fields.full_on and fields.joined_on and fields.full_on < fields.joined_on:
        raise RuleViolation("转正日期不能早于入党日期", "full_on")
    return name


def _apply(person: Person, fields: PersonFields, name: str) -> None:
    person.name = name
    person.name_initials = initials(name)
    for f in dc_fields(PersonFields):
        if f.name != "name":
            value = getattr(fields, f.name)
            setattr(person, f.name, value.strip() or None if isinstance(value, str) else value)
    person.ethnicity = fields.ethnicity


def new_person(session, actor, org_id: int | None, id_number: str, fields: PersonFields, *,
               management: str = "direct", status: str | None = None) -> Person:
    """Validate and add (not commit) a person; status None: pending where the org requires approval."""
    if not actor.can("operator"):
        raise PermissionDenied()
    info = idnumber.parse(id_number)
    org = session.get(Organization, org_id) if org_id else None
    if org is None:
        raise RuleViolation("请选择所在党组织", "org")
    ensure_in_scope(org, actor, "org")
    if org.status != "active":
        raise RuleViolation("该党组织已撤销", "org")
    if find_by_id_number(session, info.number) is not None:
        raise RuleViolation("该身份证号码已登记，不能重复录入", "id_number")
    name = _check(fields)
    if status is None:
        status = "pending" if org.requires_approval else "normal"
    person = Person(id_number=info.number, birth_date=info.birth_date, sex=info.sex,
                    org_id=org.id, org_path=org.path, management=management, status=status)
    _apply(person, fields, name)
    session.add(person)
    return person


def create_person(session, actor, org_id: int | None, id_number: str, fields: PersonFields) -> Person:
    """Register a person in an organisation; in one that requires approval the person waits."""
    person = new_person(session, actor, org_id, id_number, fields)
    session.commit()
    return person


def update_person(session, actor, person: Person, fields: PersonFields) -> Person:
    """Edit a person's basic information (the ID number changes through its own action)."""
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(person, actor)
    name = _check(fields)
    _apply(person, fields, name)
    session.commit()
    return person
