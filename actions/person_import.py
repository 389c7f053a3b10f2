"""Import members from a spreadsheet: a template, a dry run naming every bad row, all-or-nothing."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

import xlsxwriter
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from models import Organization, Person
from models.codes import CATEGORY, DEGREE, EDUCATION, ETHNICITY, MEMBER_STAGES, STAGE

from actions import audit
from actions.members import idnumber
from actions.members import people
from actions.errors import Conflict, DomainError, PermissionDenied, RuleViolation
from actions.scoping import in_scope

MAX_ROWS = 20000
# (header, field, required); code columns accept the Chinese label or the code.
COLUMNS = [
    ("身份证号码", "id_number", True), ("姓名", "name", True), ("所在党组织代码", "org_code", True),
    ("人员阶段", "stage", True), ("入党日期", "joined_on", False), ("转正日期", "full_on", False),
    ("民族", "ethnicity", False), ("学历", "education", False), ("学位", "degree", False),
    ("人员类别", "category", False), ("籍贯", "native_place", False),
    ("参加工作日期", "work_started_on", False), ("工作岗位", "job", False),
    ("联系电话", "phone", False), ("家庭住址", "address", False),
]
CODES = {"stage": {k: STAGE[k] for k in MEMBER_STAGES}, "ethnicity": ETHNICITY,
         "education": EDUCATION, "degree": DEGREE, "category": CATEGORY}
DATES = ("joined_on", "full_on", "work_started_on")
EXAMPLE = ["11010519491231002X", "张三", "001001001001", "正式党员", "2010-07-01", "2011-07-01",
           "汉族", "大学本科", "学士", "在岗职工", "湖南长沙", "2008-07-01", "教师", "13800000000", ""]


@dataclass
class Report:
    total: int = 0
    good: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[tuple[int, str, str, str]] = field(default_factory=list)  # line, id, name, reason

    @property
    def ok(self) -> bool:
        return self.total > 0 and not self.errors


def headers() -> list[str]:
    return [h for h, _f, _r in COLUMNS]


def read_table(filename: str, data: bytes) -> list[dict]:
    """Rows of an uploaded XLSX or CSV as {header: text}, with the header row matched by name."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        import openpyxl  # loaded only for an upload: it is large

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise RuleViolation("无法读取该Excel文件，请使用下载的导入模板", "file") from None
        grid = ([_text(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True))
    elif name.endswith(".csv"):
        grid = csv.reader(io.StringIO(_decode(data)))
    else:
        raise RuleViolation("请上传 .xlsx 或 .csv 文件", "file")
    head = next(grid, None)
    if not head or not {"身份证号码", "姓名"} <= {(h or "").strip() for h in head}:
        raise RuleViolation("文件第一行须为导入模板的列标题", "file")
    keys = [(h or "").strip() for h in head]
    out = []
    for row in grid:
        if not any((v or "").strip() for v in row):
            continue
        if len(out) >= MAX_ROWS:
            raise RuleViolation(f"一次最多导入{MAX_ROWS}行，请分批导入", "file")
        out.append({k: (row[i] or "").strip() for i, k in enumerate(keys) if k and i < len(row)})
    return out


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise RuleViolation("无法识别文件编码，请保存为UTF-8编码的CSV", "file")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _parse_date(text: str, label: str) -> date | None:
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RuleViolation(f"{label}“{text}”格式不正确，应为如 2010-07-01")


def _code(field_name: str, text: str, label: str) -> str | None:
    if not text:
        return None
    table = CODES[field_name]
    if text in table:
        return text
    for code, name in table.items():
        if name == text:
            return code
    raise RuleViolation(f"{label}“{text}”无效")


def _row(actor, raw: dict, orgs: dict) -> dict:
    """Turn one raw row into checked values, or raise RuleViolation with the reason."""
    missing = [h for h, _f, req in COLUMNS if req and not raw.get(h)]
    if missing:
        raise RuleViolation("缺少必填项：" + "、".join(missing))
    values = {f: raw.get(h, "") for h, f, _r in COLUMNS}
    info = idnumber.parse(values["id_number"])
    org = orgs.get(values["org_code"])
    if org is None:
        raise RuleViolation(f"党组织代码“{values['org_code']}”不存在")
    if not in_scope(org, actor):
        raise RuleViolation(f"党组织“{org.name}”不在本组织管辖范围内")
    if org.status != "active":
        raise RuleViolation(f"党组织“{org.name}”已撤销")
    for h, f, _r in COLUMNS:
        if f in CODES:
            values[f] = _code(f, values[f], h)
        elif f in DATES:
            values[f] = _parse_date(values[f], h)
    values["ethnicity"] = values["ethnicity"] or "01"
    fields = people.PersonFields.from_mapping(values)
    name = people._check(fields)  # the same rules as entering one person on the form
    return {"info": info, "org": org, "fields": fields, "name": name}


def check(session, actor, rows: list[dict]) -> Report:
    """Validate every row; a row is bad for a missing field, a bad ID, a duplicate or its org."""
    report = Report(total=len(rows))
    codes = {r.get("所在党组织代码", "") for r in rows}
    orgs = {o.code: o for o in session.execute(
        select(Organization).where(Organization.code.in_(codes))).scalars()} if codes else {}
    numbers = [idnumber.normalize(r.get("身份证号码")) for r in rows]
    known = set(session.execute(select(Person.id_number).where(
        Person.id_number.in_(set(numbers)))).scalars()) if numbers else set()
    first_line: dict[str, int] = {}
    for i, raw in enumerate(rows):
        line = i + 2  # the header is line 1
        try:
            item = _row(actor, raw, orgs)
            number = item["info"].number
            if number in first_line:
                raise RuleViolation(f"与第{first_line[number]}行身份证号码重复")
            if number in known:
                raise RuleViolation("该身份证号码已登记，不能重复导入")
            first_line[number] = line
            report.good.append((line, item))
        except DomainError as err:
            report.errors.append((line, raw.get("身份证号码", ""), raw.get("姓名", ""), err.message))
    return report


def run_import(session, actor, rows: list[dict], commit: bool) -> Report:
    """Check all rows; with `commit`, insert them all in one transaction or none at all."""
    if not actor.can("operator"):
        raise PermissionDenied()
    report = check(session, actor, rows)
    if not commit:
        return report
    if not report.ok:
        raise RuleViolation(f"有{len(report.errors)}行数据有误，未导入任何数据，请改正后重新导入")
    for _line, item in report.good:
        info, org = item["info"], item["org"]
        person = Person(id_number=info.number, birth_date=info.birth_date, sex=info.sex,
                        org_id=org.id, org_path=org.path, management="direct",
                        status="pending" if org.requires_approval else "normal")
        people._apply(person, item["fields"], item["name"])
        session.add(person)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict("导入过程中有身份证号码已被他人登记，未导入任何数据，请重新检查") from None
    audit.record(session, "import", "person", f"批量导入人员{len(report.good)}人",
                 actor.org.path, {"rows": len(report.good)})
    session.commit()
    return report


def template_xlsx() -> bytes:
    """The import template: headers, one example row and a sheet listing the code values."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False})
    ws = book.add_worksheet("导入数据")
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    must = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1})
    text = book.add_format({"num_format": "@"})
    for col, (title, _f, req) in enumerate(COLUMNS):
        ws.write_string(0, col, title, must if req else head)
        ws.set_column(col, col, 20, text)
        ws.write_string(1, col, EXAMPLE[col])
    codes = book.add_worksheet("代码说明")
    for col, (f, table) in enumerate(CODES.items()):
        codes.write_string(0, col, next(h for h, g, _r in COLUMNS if g == f), head)
        for r, name in enumerate(table.values(), 1):
            codes.write_string(r, col, name)
    codes.write_string(0, len(CODES) + 1, "说明：红色列为必填；日期写作 2010-07-01；导入前请删除示例行")
    book.close()
    return buf.getvalue()


def template_csv() -> bytes:
    out = io.StringIO()
    csv.writer(out).writerow(headers())
    return ("\ufeff" + out.getvalue()).encode("utf-8")
