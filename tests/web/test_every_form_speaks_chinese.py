"""Every form class of every registered view, fed bad values: each message is the project's Chinese.

Forms are found automatically: the create and edit forms of every model view, and every form
class the views' modules define (the organisation page's, batch entry's for each kind). Each is
validated with empty values, words where numbers or dates belong, numbers no column holds, and
text with hidden characters; no message may carry an English word, and a field that carried
hidden characters is refused at the field.
"""
from __future__ import annotations

import re

from flask_login import login_user
from wtforms import Form
from wtforms.fields import FieldList, FormField, HiddenField

from actions.security import hostile
from models import User, db
from views.base import SecureModelView

BAD = {"empty": "", "word": "abc", "huge": "9" * 40, "minus": "-" + "9" * 25, "long": "x" * 5000,
       "hidden": "王\u202e五\u200b"}
LATIN = re.compile(r"[A-Za-z]{2,}")
FIGURES: dict[str, int] = {}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def form_classes(app) -> dict[str, type]:
    found = {}
    with app.test_request_context():
        login_user(db.session.query(User).filter_by(username="branch_admin").one())
        for view in app.extensions["admin"][0]._views:
            if isinstance(view, SecureModelView):
                for kind in ("create", "edit"):
                    cls = getattr(view, f"_{kind}_form_class", None)
                    if cls is not None:
                        found[f"{view.endpoint}.{kind}"] = cls
    from views.batch import KINDS, batch_form

    for kind in KINDS:
        found[f"batch.{kind}"] = batch_form(kind)
    for cls in _subclasses(Form):
        if cls.__module__.startswith("views.") and cls.__name__ not in ("SafeForm", "ProjectForm"):
            found.setdefault(f"{cls.__module__}.{cls.__name__}", cls)
    return found


def _names(form_cls, app) -> list[str]:
    with app.test_request_context():
        login_user(db.session.query(User).filter_by(username="branch_admin").one())
        return [f.name for f in form_cls() if not isinstance(f, (HiddenField,))]


def test_every_form_of_every_view_answers_bad_values_in_chinese_at_the_field(app, ctx, city):
    forms = form_classes(app)
    latin, unrefused, tried = {}, {}, 0

    for key, form_cls in sorted(forms.items()):
        names = _names(form_cls, app)
        for label, value in BAD.items():
            with app.test_request_context(method="POST", data={n: value for n in names}):
                from flask import request

                login_user(db.session.query(User).filter_by(username="branch_admin").one())
                form = form_cls(request.form)
                form.validate()
                tried += 1
                for field in form:
                    for message in _flat(field.errors):
                        if LATIN.search(message):
                            latin.setdefault(key, set()).add(f"{field.name}: {message}")
                    typed = not isinstance(field, (FieldList, FormField, HiddenField)) \
                        and field.type not in ("BooleanField", "FileField", "MultipleFileField")
                    if label == "hidden" and typed and field.name in names \
                            and hostile.REFUSED_FIELD not in _flat(field.errors):
                        unrefused.setdefault(key, []).append(field.name)

    FIGURES.update(forms=len(forms), submissions=tried)
    print(f"\nforms: {len(forms)} form classes, {tried} bad submissions")
    assert len(forms) > 40
    assert latin == {}
    assert unrefused == {}


def _flat(errors) -> list[str]:
    if isinstance(errors, dict):
        return [m for v in errors.values() for m in _flat(v)]
    out = []
    for e in errors or []:
        out.extend(_flat(e) if isinstance(e, (list, dict)) else [str(e)])
    return out
