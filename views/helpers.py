"""Run an action from a view: commit, a DomainError at its field (or flashed), anything else logged."""
from __future__ import annotations

import logging

from flask import flash

from actions.errors import DomainError
from models import db

log = logging.getLogger(__name__)


def report(form, err: DomainError) -> None:
    """Show a domain error at its form field when the form has it, else as a flash."""
    field = form[err.field] if form is not None and err.field and err.field in form else None
    if field is not None:
        field.errors = list(field.errors or []) + [err.message]
        flash("保存失败，请检查标红的项目", "error")
    else:
        flash(err.message, "error")


def run_action(fn, *args, form=None, done: str | None = None, **kwargs) -> tuple[bool, object]:
    """Run `fn(*args, **kwargs)` and commit; return (True, result), or (False, None) rolled back.

    A DomainError is shown to the user (at `form`'s field when it names one); any other error
    is logged with its traceback and the user reads a Chinese message.
    """
    try:
        result = fn(*args, **kwargs)
        db.session.commit()
    except DomainError as err:
        db.session.rollback()
        report(form, err)
    except Exception:
        db.session.rollback()
        log.exception("action %s failed", getattr(fn, "__qualname__", fn))
        flash("操作失败：系统错误，已记录，请联系管理员", "error")
    else:
        if done:
            flash(done, "success")
        return True, result
    return False, None
