"""Run an action from a view: commit, a DomainError at its field (or flashed), anything else logged."""
from __future__ import annotations

import logging

from flask import flash
from sqlalchemy.exc import DataError, IntegrityError, StatementError
from wtforms import ValidationError

from actions.errors import DomainError
from models import db

log = logging.getLogger(__name__)

RACE_LOST = "保存未成功：相同的记录刚刚已被保存（可能是重复提交或他人同时录入），请刷新后查看"
# A value the database cannot compare or hold (e.g. a 40-digit number for an integer column).
OUT_OF_RANGE = (OverflowError, DataError, StatementError)


def report(form, err: DomainError, prefix: str = "") -> None:
    """Show a domain error at its form field when the form has it, else as a flash."""
    field = form[err.field] if form is not None and err.field and err.field in form else None
    if field is not None:
        field.errors = list(field.errors or []) + [err.message]
        flash("保存失败，请检查标红的项目", "error")
    else:
        flash(prefix + err.message, "error")


def run_action(fn, *args, form=None, done: str | None = None, race: str | None = None,
               prefix: str = "", **kwargs) -> tuple[bool, object]:
    """Run `fn(*args, **kwargs)` and commit; return (True, result), or (False, None) rolled back.

    A DomainError is shown to the user (at `form`'s field when it names one); a lost race
    (a unique row another request saved first) reads `race`; a number the database cannot hold
    reads a message; any other error is logged with its traceback and the user reads a Chinese
    message. `prefix` goes before a flashed message (e.g. the name of one row of many).
    """
    try:
        result = fn(*args, **kwargs)
        db.session.commit()
    except DomainError as err:
        db.session.rollback()
        report(form, err, prefix)
    except IntegrityError:
        db.session.rollback()
        flash(prefix + (race or RACE_LOST), "error")
    except OUT_OF_RANGE:
        db.session.rollback()
        flash("保存失败：有数值超出允许范围，未作任何修改，请检查后重试", "error")
    except Exception:
        db.session.rollback()
        log.exception("action %s failed", getattr(fn, "__qualname__", fn))
        flash("操作失败：系统错误，已记录，请联系管理员", "error")
    else:
        if done:
            flash(done, "success")
        return True, result
    return False, None


def run_each(rows, fn, name) -> int:
    """Run `fn(row)` on each row as an action of its own; return how many succeeded.

    A refused row's message is flashed after its name (`name(row)`).
    """
    return sum(1 for row in rows if run_action(fn, row, prefix=f"{name(row)}：")[0])


def domain_check(parse):
    """A WTForms validator from a domain parser: its DomainError is the field's message."""
    def check(form, field) -> None:
        if field.data:
            try:
                parse(field.data)
            except DomainError as err:
                raise ValidationError(err.message) from None
    return check
