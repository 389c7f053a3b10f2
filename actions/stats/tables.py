"""Live statistics: summaries and cross-tables as one GROUP BY, and saved table definitions."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, literal, select

from actions import clock
from actions.errors import PermissionDenied, RuleViolation
from actions.members import categories
from actions.scoping import ensure_in_scope, scope
from actions.stats import dimensions as D
from models import Organization, Person, StatDefinition, path_bounds


@dataclass
class Spec:
    """What to count: subject (person/org), query object, row and column dimensions, filters."""

    subject: str = "person"
    object: str | None = "direct"
    row: str = "org"
    col: str | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)
    base_org: int | None = None
    name: str = ""
    chart: str = "bar"


@dataclass
class Table:
    """A cross-table with labels in display order and totals that add up."""

    title: str
    row_label: str
    col_label: str | None
    rows: list[tuple[object, str]]
    cols: list[tuple[object, str]]
    cells: dict[tuple[object, object], int]
    row_totals: dict[object, int]
    col_totals: dict[object, int]
    total: int
    conditions: list[str] = field(default_factory=list)
    # Organisation code of each row when rows are organisations below the base (for drill-down).
    row_codes: dict[object, str] = field(default_factory=dict)

    def cell(self, r, c) -> int:
        return self.cells.get((r, c), 0)


def validate(spec: Spec) -> None:
    """Raise RuleViolation when a spec names unknown dimensions, objects or filter values."""
    if spec.subject not in D.SUBJECTS:
        raise RuleViolation("请选择统计对象类别", "subject")
    dims = D.dims_of(spec.subject)
    if spec.subject == "person" and spec.object not in D.OBJECTS:
        raise RuleViolation("请选择查询对象", "object")
    if spec.row not in dims:
        raise RuleViolation("请选择纵向统计项", "row")
    if spec.col and spec.col not in dims:
        raise RuleViolation("横向统计项无效", "col")
    if spec.col and spec.col == spec.row:
        raise RuleViolation("横向统计项与纵向统计项不能相同", "col")
    for key, values in spec.filters.items():
        dim = dims.get(key)
        if dim is None or not dim.filterable or any(v not in dim.options for v in values):
            raise RuleViolation("统计条件无效", "filters")
    if spec.chart not in ("bar", "stacked", "pie"):
        raise RuleViolation("图表类型无效", "chart")


def _base(session, user, base_org: int | None) -> Organization:
    if not base_org:
        return user.org
    org = session.get(Organization, base_org)
    ensure_in_scope(org, user, "base_org")
    return org


def run(session, user, spec: Spec, today: date | None = None) -> Table:
    """Count people or organisations in the user's jurisdiction by one or two dimensions."""
    validate(spec)
    base = _base(session, user, spec.base_org)
    lo, hi = path_bounds(base.path)
    dims = D.dims_of(spec.subject)
    present = spec.subject == "person" and spec.object in categories.PRESENT
    if spec.subject == "person":
        model, source, where = Person, Person, [categories.within(spec.object, lo, hi)]
        ctx = D.Ctx(base, today or clock.today())
    else:
        sizes = D.org_sizes(lo, hi)
        model = Organization
        source = Organization.__table__.outerjoin(sizes, sizes.c.org_id == Organization.id)
        where = [Organization.path >= lo, Organization.path < hi]
        ctx = D.Ctx(base, today or clock.today(), func.coalesce(sizes.c.n, 0))
    for key, values in spec.filters.items():
        if values:
            where.append(dims[key].expr(ctx).in_(values))
    row_dim, col_dim = dims[spec.row], dims[spec.col] if spec.col else None
    inner = select(row_dim.expr(ctx).label("r"),
                   (col_dim.expr(ctx) if col_dim else literal(None)).label("c"))
    inner = scope(inner.select_from(source).where(and_(*where)), user, model,
                  present=present).subquery()
    # Group the labelled subquery: PostgreSQL then groups by the columns, not by expressions
    # whose bound parameters would differ between SELECT and GROUP BY.
    counts = session.execute(select(inner.c.r, inner.c.c, func.count())
                             .group_by(inner.c.r, inner.c.c)).all()
    return _table(session, spec, row_dim, col_dim, ctx, counts)


def _table(session, spec, row_dim, col_dim, ctx, counts) -> Table:
    cells, row_totals, col_totals = {}, {}, {}
    for r, c, n in counts:
        cells[(r, c)] = n
        row_totals[r] = row_totals.get(r, 0) + n
        col_totals[c] = col_totals.get(c, 0) + n
    rkeys = D.ordered(row_dim, row_totals)
    rlabels = D.value_labels(session, row_dim, ctx, rkeys)
    if col_dim:
        ckeys = D.ordered(col_dim, col_totals)
        clabels = D.value_labels(session, col_dim, ctx, ckeys)
        cols = [(k, clabels[k]) for k in ckeys]
    else:
        cols = [(None, "人数" if spec.subject == "person" else "组织数")]
    title = spec.name or _default_title(spec, row_dim, col_dim)
    row_codes = {}
    if row_dim.key == "org":
        row_codes = dict(session.execute(select(Organization.path, Organization.code).where(
            Organization.path.in_([k for k in rkeys if k and k != ctx.base.path]))).all())
    return Table(title=title, row_label=row_dim.label, col_label=col_dim.label if col_dim else None,
                 rows=[(k, rlabels[k]) for k in rkeys], cols=cols, cells=cells,
                 row_totals=row_totals, col_totals=col_totals, total=sum(row_totals.values()),
                 conditions=describe(spec, ctx.base), row_codes=row_codes)


def _default_title(spec, row_dim, col_dim) -> str:
    what = D.OBJECTS[spec.object][0] if spec.subject == "person" else "党组织"
    by = row_dim.label + (f"×{col_dim.label}" if col_dim else "")
    return f"{what}按{by}统计"


def describe(spec: Spec, base: Organization) -> list[str]:
    """The conditions of a table in words, printed under its title."""
    out = [f"统计范围：{base.name}及所属党组织"]
    if spec.subject == "person":
        out.append(f"查询对象：{D.OBJECTS[spec.object][0]}（在册）")
    dims = D.dims_of(spec.subject)
    for key, values in spec.filters.items():
        if values:
            dim = dims[key]
            out.append(f"{dim.label}：" + "、".join(dim.options.get(v, v) for v in values))
    return out


# --- saved definitions --------------------------------------------------------------------

def spec_of(row: StatDefinition) -> Spec:
    data = json.loads(row.filters or "{}")
    return Spec(subject=row.subject, object=row.object, row=row.row_dim, col=row.col_dim,
                filters=data.get("dims", {}), base_org=data.get("base_org"), name=row.name,
                chart=row.chart)


def definitions(session, user) -> list[StatDefinition]:
    """Definitions saved by the user's organisation."""
    return session.execute(scope(select(StatDefinition), user, StatDefinition)
                           .where(StatDefinition.org_id == user.org_id)
                           .order_by(StatDefinition.name)).scalars().all()


def get_definition(session, user, def_id) -> StatDefinition:
    row = session.get(StatDefinition, def_id) if def_id else None
    ensure_in_scope(row, user)
    if row.org_id != user.org_id:
        raise PermissionDenied("只能使用本组织保存的统计表")
    return row


def save_definition(session, user, spec: Spec, def_id: int | None = None) -> StatDefinition:
    """Create or update a saved table of the user's organisation."""
    if not user.can("operator"):
        raise PermissionDenied()
    name = (spec.name or "").strip()
    if not name:
        raise RuleViolation("请输入统计表格名称", "name")
    if len(name) > 100:
        raise RuleViolation("统计表格名称不能超过100个字", "name")
    validate(spec)
    _base(session, user, spec.base_org)
    row = get_definition(session, user, def_id) if def_id else None
    clash = session.execute(select(StatDefinition.id).where(
        StatDefinition.org_id == user.org_id, StatDefinition.name == name)).scalar()
    if clash and (row is None or clash != row.id):
        raise RuleViolation("本组织已有同名统计表，请换一个名称", "name")
    if row is None:
        row = StatDefinition(org_id=user.org_id, org_path=user.org.path, created_by=user.id)
        session.add(row)
    row.name, row.subject, row.row_dim, row.col_dim = name, spec.subject, spec.row, spec.col or None
    row.object = spec.object if spec.subject == "person" else None
    row.chart = spec.chart
    row.filters = json.dumps({"base_org": spec.base_org,
                              "dims": {k: v for k, v in spec.filters.items() if v}},
                             ensure_ascii=False, sort_keys=True)
    session.commit()
    return row


def delete_definition(session, user, def_id: int) -> None:
    """Remove a saved table definition (a working tool, not a kept record)."""
    if not user.can("operator"):
        raise PermissionDenied()
    row = get_definition(session, user, def_id)
    session.delete(row)
    session.commit()
