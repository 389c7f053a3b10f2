"""Hidden characters refused at the field: what admin_app.input_guard removed is said there.

The input guard strips control, bidi and zero-width characters from every submitted value and
notes which fields carried them. A form of the platform (views.forms.ProjectMeta) then refuses
each such field with a Chinese message at the field, so nothing is saved. A POST page that does
not validate its fields through such a form is not run: the user gets its page as a GET shows
it, with the refusal at each such field, or, without such a page, a Chinese error page.
"""
from __future__ import annotations

import logging
import re

from flask import current_app, has_request_context, request
from markupsafe import escape
from wtforms.validators import StopValidation

from actions.security import hostile

log = logging.getLogger(__name__)

# Flask-Admin's model forms (SafeForm) validate every field of these endpoints.
MODEL_FORM_ENDPOINTS = ("create_view", "edit_view")


def hostile_fields() -> frozenset:
    """Names of this request's submitted fields that carried hidden characters."""
    if not has_request_context():
        return frozenset()
    names = set(getattr(request.args, "dirty_keys", ()))
    if request.method != "GET":
        names |= set(getattr(request.form, "dirty_keys", ()))
    return frozenset(names)


def no_hidden_characters(form, field) -> None:
    """Validator run first on every field of a project form."""
    if field.name in hostile_fields():
        field.errors[:] = []
        raise StopValidation(hostile.REFUSED_FIELD)


def checks_fields(fn):
    """Mark a custom POST page whose fields are all validated by a project form."""
    fn.checks_fields = True
    return fn


def validated_at_fields(view_function, endpoint: str) -> bool:
    """Whether a POST to this endpoint reports hidden characters at its form's fields."""
    return bool(getattr(view_function, "checks_fields", False)) or \
        endpoint.rsplit(".", 1)[-1] in MODEL_FORM_ENDPOINTS


def _control(name: str) -> re.Pattern:
    return re.compile(rf'<(input|select|textarea)\b[^>]*\bname="{re.escape(name)}"[^>]*>', re.I)


def with_errors_at_fields(html: str, names) -> str | None:
    """The page with the refusal after each control named in `names`; None if none is there."""
    found = False
    for name in names:
        out, at = [], 0
        for m in _control(name).finditer(html):
            end = m.end()
            tag = m.group(1).lower()
            if tag != "input":  # after the element's closing tag
                close = html.find(f"</{tag}>", end)
                end = close + len(tag) + 3 if close >= 0 else end
            out.append(html[at:end] + ERROR_HTML.format(escape(hostile.REFUSED_FIELD)))
            at, found = end, True
        html = "".join(out) + html[at:]
    return html if found else None


ERROR_HTML = '<div class="invalid-feedback d-block hidden-characters" role="alert">{}</div>'


def refused_page():
    """This URL's page as a GET shows it, with the refusal at each field that carried hidden
    characters (status 400; nothing of the POST ran). None when the page has no such field."""
    app = current_app._get_current_object()
    adapter = app.url_map.bind_to_environ(request.environ)
    if not adapter.test(request.path, method="GET"):
        return None
    try:
        # A GET of the same URL in the same session (Werkzeug's environ builder; no client).
        with app.test_request_context(request.full_path, method="GET", base_url=request.host_url,
                                      headers={"Cookie": request.headers.get("Cookie", "")}):
            resp = app.full_dispatch_request()
    except Exception:  # the refusal then comes as the plain error page
        log.exception("re-rendering %s for a refusal failed", request.path)
        return None
    if resp.status_code != 200 or not resp.mimetype.startswith("text/html"):
        return None
    html = with_errors_at_fields(resp.get_data(as_text=True), sorted(hostile_fields()))
    if html is None:
        return None
    return app.response_class(html, status=400, mimetype="text/html")
