"""Hostile characters are handled here, once, for every request of the platform and the portal.

Every query parameter and form value passes through `CleanMultiDict` when Werkzeug parses the
request: control characters, lone surrogates, bidi and zero-width characters are removed
before any view, form or search sees them (see actions.security.hostile). A query string or
path that carried NUL or another control character is answered with a Chinese 400 page. A form
that carried any of them saves nothing: a project form says so at each field that carried them
(views.field_checks), any other POST page is answered with a Chinese 400 page.
"""
from __future__ import annotations

from flask import Request, abort, current_app, redirect, render_template, request, url_for
from werkzeug.datastructures import CombinedMultiDict, ImmutableMultiDict

from actions.security import hostile


class CleanMultiDict(ImmutableMultiDict):
    """An ImmutableMultiDict whose string values and keys hold no hostile characters."""

    stripped = False  # something was removed
    controls = False  # what was removed included NUL / C0 / lone surrogates
    dirty_keys: frozenset = frozenset()  # the (cleaned) names of the values something left

    def __init__(self, mapping=None):
        super().__init__(mapping)
        dirty = [(key, values) for key, values in dict.items(self)
                 if not hostile.is_clean(key)
                 or any(isinstance(v, str) and not hostile.is_clean(v) for v in values)]
        if not dirty:
            return
        self.stripped = True
        self.dirty_keys = frozenset(hostile.clean(key) for key, _values in dirty)
        for key, values in dirty:
            self.controls = self.controls or hostile.has_control(key) or any(
                isinstance(v, str) and hostile.has_control(v) for v in values)
            dict.__delitem__(self, key)
            clean_key = hostile.clean(key)
            cleaned = [hostile.clean(v) if isinstance(v, str) else v for v in values]
            dict.__setitem__(self, clean_key, dict.get(self, clean_key, []) + cleaned)


    def get(self, key, default=None, type=None):  # noqa: A002 - Werkzeug's signature
        value = super().get(key, default, type)
        return _in_int_range(value, default, type)


def _in_int_range(value, default, type):  # noqa: A002
    """`get(name, type=int)` of a number no INTEGER column holds gives the default."""
    if type is int and isinstance(value, int) and value is not default \
            and not -INT_MAX <= value <= INT_MAX:
        return default
    return value


INT_MAX = 2**31 - 1


class CleanCombinedMultiDict(CombinedMultiDict):
    def get(self, key, default=None, type=None):  # noqa: A002
        return _in_int_range(super().get(key, default, type), default, type)


class GuardedRequest(Request):
    parameter_storage_class = CleanMultiDict

    @property
    def values(self):
        sources = [self.args]
        if self.method != "GET":
            sources.append(self.form)
        return CleanCombinedMultiDict(sources)


def _refuse_hostile_query():
    if hostile.has_control(request.path) or getattr(request.args, "controls", False):
        abort(400, description=hostile.REFUSED_QUERY)
    if request.method == "POST" and getattr(request.form, "stripped", False):
        from views.field_checks import validated_at_fields

        # A project form refuses each such field at the field; any other page is not run.
        view = current_app.view_functions.get(request.endpoint)
        if not validated_at_fields(view, request.endpoint or ""):
            abort(400, description=hostile.REFUSED_FORM)
    if (request.endpoint or "").endswith(".index_view") and "export_type" in request.args:
        # Flask-Admin's list template passes export_type and **request.args to one url_for.
        args = request.args.to_dict(flat=False)
        args.pop("export_type")
        return redirect(url_for(request.endpoint, **request.view_args, **args))


def init_app(app) -> None:
    app.request_class = GuardedRequest
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_hostile_query)

    from sqlalchemy.exc import DataError

    from models import db

    def out_of_range(err):
        # A number no column can hold got past a view's own checks: the write is rolled back
        # and the user is told, instead of a 500.
        db.session.rollback()
        return render_template("errors/error.html", code=400,
                               message="输入的数值超出允许范围，未作任何修改，请检查后重试"), 400

    app.register_error_handler(OverflowError, out_of_range)
    app.register_error_handler(DataError, out_of_range)

    @app.errorhandler(400)
    def bad_request(err):
        message = getattr(err, "description", None)
        if not message or not any("\u4e00" <= ch <= "\u9fff" for ch in message):
            message = "请求无效，请检查输入后重试"
        return render_template("errors/error.html", code=400, message=message), 400
