"""The secure base views: login, roles and jurisdiction scoping for every admin screen.

Every ModelView of the platform derives from SecureModelView. Scoping happens here and
nowhere else: list, count, get_one (details, edit, delete, inline edit), relation pickers,
ajax lookups, actions and exports all start from `get_query()`, which applies `scope()`.
Subclasses declare what they show and call actions; they never re-implement these hooks.
"""
from __future__ import annotations

import logging

from flask import abort, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_admin.actions import action
from flask_admin.contrib.sqla import ModelView, tools
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_login import current_user
from sqlalchemy import func, inspect, literal, or_, select

from actions.errors import DomainError
from actions.scoping import ensure_in_scope, is_wide, scope
from models import Person, Scoped, db
from views import id_columns
from views.display import EXPORT_FORMATTERS, TYPE_FORMATTERS
from views.exporting import ExportMixin
from views.forms import SafeForm
from views.helpers import OUT_OF_RANGE, report, run_action
from views.messages import drop_generic_when_told_more

log = logging.getLogger(__name__)

COUNT_CAP = 10000
AJAX_LIMIT = 20
PICKER_PLACEHOLDER = "输入名称、代码或身份证号搜索"
MAX_PAGE = 100000
# A list sorted by an indexed column with more rows than this walks that index on SQLite, whose
# planner would otherwise read the whole scope through the scope index and sort it.
SORT_BY_INDEX_ROWS = 2000
OUT_OF_RANGE_MESSAGE = "筛选或搜索条件的值超出允许范围，请修改后重试"


def _code_formatter(table: dict[str, str]):
    """Show a code in Chinese; an empty value as nothing (not "None")."""
    def fmt(view, context, model, name):
        value = getattr(model, name)
        return "" if value is None else table.get(value, value)

    return fmt


class CappedCount(int):
    """A row count that stopped at the cap; shown as "10000+"."""

    def __str__(self) -> str:
        return f"{COUNT_CAP}+"


def user_has(role: str) -> bool:
    return bool(current_user and current_user.is_authenticated and current_user.can(role))


def user_is(roles) -> bool:
    return bool(roles and current_user and current_user.is_authenticated
                and current_user.role in roles)


class SecureAccess:
    """Login and minimum role for a view; anonymous users go to the login page.

    `duty_roles`: roles outside the business ladder (security, audit administrator) that may
    also use the view; they get exactly what the view's own role checks allow them.
    """

    required_role = "viewer"
    duty_roles: tuple[str, ...] = ()

    def is_accessible(self) -> bool:
        return user_has(self.required_role) or user_is(self.duty_roles)

    def inaccessible_callback(self, name, **kwargs):
        if not (current_user and current_user.is_authenticated):
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)


class SecureBaseView(SecureAccess, BaseView):
    """Base for custom pages (tree, statistics, action forms)."""


class ScopedAjaxLoader(QueryAjaxModelLoader):
    """Ajax picker limited to the user's jurisdiction, active rows and a capped page size."""

    def __init__(self, name, session, model, **options):
        self.extra_where = options.pop("where", None)
        self.present = options.pop("present", False)
        super().__init__(name, session, model, **options)

    def get_query(self):
        query = scope(db.session.query(self.model), current_user, self.model,
                      present=self.present)
        if self.extra_where is not None:
            query = query.filter(self.extra_where())
        return query

    def get_one(self, pk):
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            return None
        if not 0 < pk <= 2**31 - 1:
            return None
        with db.session.no_autoflush:
            return self.get_query().filter(inspect(self.model).primary_key[0] == pk).one_or_none()

    def format(self, model):
        if model is None:
            return None
        if isinstance(model, Person):  # a picked person: name and masked number
            return getattr(model, self.pk), id_columns.person_label(model)
        return super().format(model)

    def get_list(self, term, offset=0, limit=AJAX_LIMIT):
        limit = max(1, min(int(limit or AJAX_LIMIT), AJAX_LIMIT))
        offset = max(0, int(offset or 0))
        query = self.get_query()
        term = (term or "").strip()
        if term:
            query = query.filter(or_(*[f.startswith(term) if i == 0 else f.contains(term)
                                       for i, f in enumerate(self._cached_fields)]))
        if self.order_by is not None:
            query = query.order_by(self.order_by)
        return query.offset(offset).limit(limit).all()


class SecureModelView(SecureAccess, ExportMixin, ModelView):
    """ModelView with roles, jurisdiction scoping, capped counts, CSRF-safe writes and exports."""

    # What the view allows at all; the user's role narrows it further per request.
    allow_create = False
    allow_edit = False
    allow_delete = False  # regulated records are never hard-deleted
    allow_export = True
    create_role = "operator"
    edit_role = "operator"
    delete_role = "admin"

    form_base_class = SafeForm
    list_template = "views/list.html"
    create_template = "views/create.html"
    edit_template = "views/edit.html"
    details_template = "views/details.html"
    can_view_details = True
    page_size = 20
    export_types = ["csv", "xlsx"]
    column_display_pk = False
    column_type_formatters = TYPE_FORMATTERS
    column_type_formatters_detail = TYPE_FORMATTERS
    column_type_formatters_export = EXPORT_FORMATTERS
    # Code tables shown in Chinese: {column: dict(code -> label)}.
    column_codes: dict[str, dict[str, str]] = {}
    # True: rows are also reached where the person is now (the organisation he flows into);
    # writes still go through actions that decide what that side may change.
    scope_present = False

    def __init__(self, model, *args, **kwargs):
        if not issubclass(model, Scoped):
            raise TypeError(f"{model.__name__} must be a Scoped model to get a view")
        labels = dict(getattr(model, "__labels__", {}))
        labels.update(self.column_labels or {})
        self.column_labels = labels
        if self.column_details_exclude_list is None and "version" in model.__table__.c:
            self.column_details_exclude_list = ["version"]  # the optimistic lock's counter
        if self.column_codes:
            formatters = dict(self.column_formatters or {})
            for col, table in self.column_codes.items():
                formatters.setdefault(col, _code_formatter(table))
            self.column_formatters = formatters
        id_columns.install(self, model)
        super().__init__(model, db, *args, **kwargs)

    # --- rights -------------------------------------------------------------------------
    # Duty roles allowed to write through this view (e.g. the security administrator on users).
    duty_write_roles: tuple[str, ...] = ()

    @property
    def can_create(self) -> bool:
        return self.allow_create and (user_has(self.create_role) or user_is(self.duty_write_roles))

    @property
    def can_edit(self) -> bool:
        return self.allow_edit and (user_has(self.edit_role) or user_is(self.duty_write_roles))

    @property
    def can_delete(self) -> bool:
        return self.allow_delete and user_has(self.delete_role)

    @property
    def can_export(self) -> bool:
        return self.allow_export and (user_has("viewer") or user_is(self.duty_roles))

    def is_action_allowed(self, name: str) -> bool:
        if name == "delete":
            return self.can_delete
        required = getattr(self, "action_roles", {}).get(name, self.edit_role)
        return (user_has(required) or user_is(self.duty_write_roles)) \
            and super().is_action_allowed(name)

    # --- scoping ------------------------------------------------------------------------
    def get_query(self):
        return scope(db.session.query(self.model), current_user, self.model,
                     present=self.scope_present)

    def get_count_query(self):
        return self.get_query()

    def get_one(self, id):
        try:
            values = tools.iterdecode(id)
            pk = int(values[0] if isinstance(values, tuple) else values)
        except (TypeError, ValueError, IndexError):
            return None
        if not 0 < pk <= 2**31 - 1:  # beyond an INTEGER key: no such row
            return None
        pk_col = inspect(self.model).primary_key[0]
        return self.get_query().filter(pk_col == pk).one_or_none()

    def get_save_return_url(self, model, is_created: bool = False) -> str:
        drop_generic_when_told_more()  # Flask-Admin flashed its message just before
        return super().get_save_return_url(model, is_created)

    def query_for_ids(self, ids):
        """Scoped query for the rows an action was asked to act on (ids from the form)."""
        pk_col = inspect(self.model).primary_key[0]
        clean = [int(i) for i in ids if str(i).isdigit() and 0 < int(i) <= 2**31 - 1]
        return self.get_query().filter(pk_col.in_(clean))

    @action("delete", "删除", "确定删除所选记录？")
    def action_delete(self, ids):
        if not self.can_delete:
            flash("当前角色无权删除", "error")
            return
        done = 0
        for obj in self.query_for_ids(ids).all():
            if self.delete_model(obj):
                done += 1
        flash(f"已删除 {done} 条", "success")

    def _create_ajax_loader(self, name, options):
        attr = getattr(self.model, name)
        remote = attr.property.mapper.class_
        return ScopedAjaxLoader(name, db, remote, present=self.scope_present, **options)

    def _scope_relation_fields(self, form):
        for field in form:
            if not hasattr(field, "query_factory"):
                continue
            prop = getattr(self.model, field.name, None)
            remote = getattr(getattr(prop, "property", None), "mapper", None)
            if remote is None or not issubclass(remote.class_, Scoped):
                continue
            model = remote.class_
            field.query_factory = lambda m=model: scope(db.session.query(m), current_user, m)
            if model is Person:  # options name people with masked numbers
                field.get_label = id_columns.person_label
        return form

    @staticmethod
    def _one_star(form):
        """One "*" per required label, and Chinese text in every picker.

        Flask-Admin adds its red "*" to required fields: a "*" typed into their label goes.
        Its ajax pickers say "Please select model" (translated 请选择模型) unless told otherwise.
        """
        from flask_admin.helpers import is_required_form_field
        from flask_admin.model.fields import AjaxSelectField

        for field in form:
            text = getattr(field.label, "text", "")
            if text.rstrip().endswith("*") and is_required_form_field(field):
                field.label.text = text.rstrip()[:-1].rstrip()
            if isinstance(field, AjaxSelectField):
                kw = dict(field.render_kw or {})
                kw.setdefault("data-placeholder", PICKER_PLACEHOLDER)
                field.render_kw = kw
        return form

    def create_form(self, obj=None):
        return self._one_star(self._scope_relation_fields(super().create_form(obj)))

    def edit_form(self, obj=None):
        return self._one_star(self._scope_relation_fields(super().edit_form(obj)))

    # --- list and count -----------------------------------------------------------------
    def _filtered(self, search, filters):
        joins, count_joins = {}, {}
        query = self.get_query()
        count_query = self.get_query()
        if self._search_supported and search:
            query, count_query, joins, count_joins = self._apply_search(
                query, count_query, joins, count_joins, search)
        if filters and self._filters:
            query, count_query, joins, count_joins = self._apply_filters(
                query, count_query, joins, count_joins, filters)
        return query, count_query, joins

    def capped_count(self, count_query, order: tuple | None = None, cap: int = COUNT_CAP) -> int:
        """Count at most COUNT_CAP + 1 rows: never a COUNT(*) over a whole large table.

        `order` is the search's row order: counting in that order makes the planner read the
        searched column's index rather than a wide scope index it guesses to be selective.
        """
        # The view's table is named as the FROM: a scope that looks rows up by key (a wide
        # jurisdiction) leaves no column of it in the WHERE clause to bring it in.
        sub = (count_query.with_entities(literal(1)).statement.select_from(self.model)
               .order_by(*(order or (None,))))
        sub = sub.limit(cap + 1).subquery()
        n = db.session.execute(select(func.count()).select_from(sub)).scalar_one()
        return CappedCount(n) if n > cap else n

    def search_order(self, search: str | None) -> tuple | None:
        """Row order to use for a search when the user chose none (None: the default order)."""
        return None

    def _sorted(self, query, joins, sort_column, sort_desc, search, count=0):
        order = self.search_order(search) if sort_column is None and search else None
        if order:
            return query.order_by(*order)
        if sort_column not in self._sortable_columns:
            sort_column = None  # not sortable (an old or edited link): the default order
        query = self._apply_sorting(query, joins, sort_column, sort_desc)[0]
        if sort_column is None:
            sort_column, sort_desc = self._default_sort()
            if sort_column is None:
                return self._walk_default_order(query)
        index = self._sort_index(sort_column)
        if index is None:
            return query
        # Ties in the sort column keep one order: the rest of the index's columns.
        rest = [getattr(self.model, column.name) for column in list(index.columns)[1:]]
        query = query.order_by(*(c.desc() if sort_desc else c for c in rest))
        if count > SORT_BY_INDEX_ROWS:
            query = query.with_hint(self.model, f"INDEXED BY {index.name}", "sqlite")
        return query

    def _default_sort(self) -> tuple[str | None, bool]:
        """The default order when it is one sortable column: (name, descending)."""
        default = self.column_default_sort
        if isinstance(default, str):
            default = (default, False)
        if (isinstance(default, tuple) and len(default) == 2 and isinstance(default[0], str)
                and default[0] in self._sortable_columns):
            return default[0], bool(default[1])
        return None, False

    def _walk_default_order(self, query):
        """A default order of several columns (tree order) for a wide jurisdiction that also
        reaches the people flowing in (an OR of two ranges): walk the index of that order and
        stop at the page, instead of collecting both ranges and sorting them (SQLite)."""
        default = self.column_default_sort
        if not (isinstance(default, list) and self.scope_present and is_wide(current_user)):
            return query
        order = [item[0] if isinstance(item, tuple) else item for item in default]
        for index in self.model.__table__.indexes:
            if [c.name for c in list(index.columns)[:len(order)]] == order:
                return query.with_hint(self.model, f"INDEXED BY {index.name}", "sqlite")
        return query

    def sort_column(self, sort_column):
        """The column of this view's table a sortable column name orders by, or None."""
        field = self._sortable_columns.get(sort_column) if sort_column is not None else None
        column = getattr(field, "expression", field)  # an ORM attribute's column
        table = self.model.__table__
        if getattr(column, "table", None) is not table:
            return None
        return table.c[column.name]

    def _sort_index(self, sort_column):
        """The index of this view's table led by the sort column (and more columns), or None."""
        column = self.sort_column(sort_column)
        if column is None:
            return None
        for index in self.model.__table__.indexes:
            columns = list(index.columns)
            if len(columns) > 1 and columns[0].name == column.name:
                return index
        return None

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True,
                 page_size=None):
        page = max(0, min(int(page or 0), MAX_PAGE))
        if page_size is not None:
            page_size = max(1, min(int(page_size), 1000))
        query, count_query, joins = self._filtered(search, filters)
        try:
            count = self.capped_count(count_query, self.search_order(search) if search else None)
        except OUT_OF_RANGE:
            db.session.rollback()
            flash(OUT_OF_RANGE_MESSAGE, "error")
            return 0, ([] if execute else query.filter(literal(False)))
        query = self._sorted(query, joins, sort_column, sort_desc, search, count)
        query = self._apply_pagination(query, page, page_size)
        return count, (query.all() if execute else query)

    # --- writes -------------------------------------------------------------------------
    def create_record(self, form):
        """Build and save a new row; views with domain rules override this to call an action."""
        obj = self.build_new_instance()
        form.populate_obj(obj)
        db.session.add(obj)
        self.check_write(obj)
        db.session.commit()
        return obj

    def update_record(self, form, obj):
        form.populate_obj(obj)
        self.check_write(obj)
        db.session.commit()
        return obj

    def delete_record(self, obj):
        ensure_in_scope(obj, current_user)
        db.session.delete(obj)
        db.session.commit()

    def check_write(self, obj) -> None:
        """The row and every scoped row it points to must lie inside the user's jurisdiction."""
        with db.session.no_autoflush:
            for rel in inspect(type(obj)).relationships:
                if rel.direction.name != "MANYTOONE" or not issubclass(rel.mapper.class_, Scoped):
                    continue
                target = getattr(obj, rel.key)
                if target is None:
                    fk = [c.key for c in rel.local_columns]
                    value = getattr(obj, fk[0], None) if len(fk) == 1 else None
                    target = db.session.get(rel.mapper.class_, value) if value is not None else None
                    if value is None:
                        continue
                ensure_in_scope(target, current_user, rel.key)
            ensure_in_scope(obj, current_user)

    def _report(self, form, err: DomainError) -> None:
        report(form, err)

    def _guarded(self, fn, form, *args):
        return run_action(fn, *args, form=form, race=self.race_lost_message(form))[1]

    def race_lost_message(self, form) -> str:
        number = getattr(getattr(form, "id_number", None), "data", None) if form else None
        if number:
            return (f"保存未成功：身份证号码 {number} 的人员刚刚已被登记"
                    "（可能是重复提交或他人同时录入），请在列表中查看，不要重复录入")
        return "保存未成功：相同的记录刚刚已被保存（可能是重复提交或他人同时录入），请刷新后查看"

    def create_model(self, form):
        obj = self._guarded(self.create_record, form, form)
        if obj is None:
            return False
        self.after_model_change(form, obj, True)
        return obj

    def update_model(self, form, model):
        if not self.can_edit:
            flash("当前角色无权修改", "error")
            return False
        obj = self._guarded(self.update_record, form, form, model)
        if obj is None:
            return False
        self.after_model_change(form, obj, False)
        return True

    def delete_model(self, model):
        if not self.can_delete:
            flash("当前角色无权删除", "error")
            return False
        return self._guarded(lambda: self.delete_record(model) or True, None) is True


    @expose("/ajax/update/", methods=("POST",))
    def ajax_update(self):
        # Flask-Admin saves inline edits even with can_edit=False; refuse here.
        if not self.can_edit:
            return "当前角色无权修改", 403
        return super().ajax_update()

    def handle_view_exception(self, exc):
        if isinstance(exc, DomainError):
            flash(exc.message, "error")
            return True
        return super().handle_view_exception(exc)
