"""批量录入: fill a record once, list who lacks it (确定) or has it (查询已添加), add or delete."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, HiddenField, IntegerField, StringField
from wtforms.validators import Optional

from actions import batch
from actions.errors import RuleViolation
from actions.members import dues_batch
from actions.orgs import tree as orgs
from models import Organization, db
from models.codes import DUES_CLASS
from views.base import COUNT_CAP, CappedCount, SecureBaseView
from views.delegates import delegate_fields
from views.field_checks import checks_fields
from views.forms import IdListField, ProjectForm, code_select
from views.helpers import run_action
from views.members.records import form_values, record_fields

KINDS = {"activity": "活动记录", "dues": "交纳党费", "evaluation": "民主评议", "delegate": "党代表"}
NOUNS = {"activity": "活动记录", "dues": "党费交纳记录", "evaluation": "民主评议记录",
         "delegate": "党代表信息"}
PAGE_SIZE = 50
TARGET_FIELDS = ("org", "subtree", "search")


def batch_form(kind: str) -> type[ProjectForm]:
    fields = delegate_fields() if kind == "delegate" else record_fields(kind)
    if kind == "dues":
        # Each member pays by their own class and income (rows of the list); filled once are
        # the months, the date and the class of members who never paid.
        for name in dues_batch.TERMS:
            fields.pop(name, None)
        fields = {**{k: fields[k] for k in ("month_from", "month_to", "paid_on")},
                  "dues_class": code_select(
                      "无交纳记录党员的计算类别", DUES_CLASS,
                      description="其他党员按各自上次交纳的类别和基数计算，可在名单中逐人修改"),
                  "content": fields["content"]}
    fields.update(
        org=StringField("党组织", description="组织代码或全称，留空为本组织"),
        subtree=BooleanField("含下级党组织", default=True),
        search=StringField("姓名或身份证号"),
    )
    return type("BatchForm", (ProjectForm,), fields)


def find_org(text: str) -> Organization | None:
    """The organisation of the user's scope with this code or full name (own one when blank)."""
    text = (text or "").strip()
    if not text:
        return current_user.org
    org = orgs.find_org(db.session, text, current_user)
    if org is None:
        raise RuleViolation("本组织管辖范围内没有该党组织", "org")
    return org


def query_form(args: MultiDict):
    """The batch query (record + target) of these arguments: (kind, bound form, arguments)."""
    kind = args.get("kind", "activity")
    if kind not in KINDS:
        abort(404)
    # The subtree box is on by default: a first visit has no "filled" marker yet.
    if "filled" not in args:
        args = MultiDict(list(args.items(multi=True)) + [("subtree", "y")])
    return kind, batch_form(kind)(args), args


def target_of(kind: str, form, args: MultiDict):
    """The checked record and target of a validated query form; raise a DomainError if not."""
    data = batch.clean(kind, form_values(form, skip=TARGET_FIELDS))
    org = find_org(form.org.data)
    picked = tuple(int(i) for i in (args.get("picked") or "").split(",") if i.isdigit())[:500]
    return data, batch.Target(org.id, bool(form.subtree.data), form.search.data or "", picked)


class WriteForm(ProjectForm):
    """What the list, the confirmation and the dues pages post back with the query."""

    query = StringField()
    person_id = IdListField()
    everyone = HiddenField()
    confirmed = HiddenField()
    edit = HiddenField()
    expected = IntegerField(validators=[Optional()])


def dues_rows_form(formdata) -> ProjectForm:
    """The per-member dues inputs (names like dues_class.12): one text field each."""
    names = [k for k in formdata.keys()
             if k.partition(".")[0] in dues_batch.TERMS and k.partition(".")[2].isdigit()]
    return type("DuesRowsForm", (ProjectForm,), {n: StringField() for n in names})(formdata)


class BatchEntryView(SecureBaseView):
    @expose("/")
    def index(self):
        args = request.args
        mode = args.get("mode")
        data, target, result = None, None, None
        kind, form, checked = query_form(args)
        if form.validate():
            ok, got = run_action(target_of, kind, form, checked, form=form)
            data, target = got if ok else (None, None)
        elif mode:
            flash("请检查标红的项目", "error")
        if mode in ("pending", "added") and data is not None:
            added = mode == "added"
            number = max(args.get("page", 1, type=int) or 1, 1)
            # A listing never counts past the cap; the exact count comes with the confirmation.
            total = batch.count(db.session, current_user, kind, data, target, added, cap=COUNT_CAP)
            rows = batch.page(db.session, current_user, kind, data, target, added, number, PAGE_SIZE)
            query = urlencode([(k, v) for k, v in args.items(multi=True) if k != "page"])
            shown = total if total <= COUNT_CAP else CappedCount(total)
            pages = -(-min(total, COUNT_CAP) // PAGE_SIZE)
            lines = {}
            if kind == "dues" and not added and rows:
                _values, listed, _errors = dues_batch.plan(
                    db.session, current_user, [p.id for p in rows], data)
                lines = {line.person_id: line for line in listed}
            result = {"added": added, "total": shown, "rows": rows, "page": number, "lines": lines,
                      "pages": max(1, pages, number + (len(rows) == PAGE_SIZE and total > COUNT_CAP)),
                      "query": query}
        picked = [i for i in (args.get("picked") or "").split(",") if i.isdigit()][:500]
        return self.render("batch/index.html", kinds=KINDS, kind=kind, form=form, result=result,
                           dues_classes=DUES_CLASS,
                           picked=",".join(picked), picked_count=len(picked),
                           mode=mode, can_write=current_user.can("operator"))

    @expose("/add/", methods=("POST",))
    @checks_fields
    def add(self):
        return self._write(batch.add, "添加")

    @expose("/remove/", methods=("POST",))
    @checks_fields
    def remove(self):
        return self._write(batch.remove, "删除")

    def _write(self, fn, verb: str):
        form = WriteForm(request.form)
        query = form.query.data or ""
        args = MultiDict(parse_qsl(query, keep_blank_values=True))
        back = url_for(".index", **{k: v for k, v in args.items() if k != "mode"})
        failed = redirect(url_for(".index", **dict(args.items())))
        everyone = form.everyone.data == "1"
        kind, record, checked = query_form(args)
        if not form.validate():  # only a refused hidden field: say why
            for errors in form.errors.values():
                flash(errors[0], "error")
            return failed
        if not record.validate():
            flash("记录内容不完整，请重新填写", "error")
            return failed
        ok, got = run_action(target_of, kind, record, checked)
        if not ok:
            return failed
        data, target = got
        added = fn is batch.remove
        dues_add = kind == "dues" and not added
        confirmed = form.confirmed.data == "1"
        if everyone and not confirmed and not dues_add:
            ok, total = run_action(batch.count, db.session, current_user, kind, data, target, added)
            return self.render("batch/confirm.html", kind=kind, kinds=KINDS, verb=verb,
                               total=total, query=query, action=request.path,
                               back=back) if ok else failed
        ids, expected = form.person_id.data, form.expected.data
        if dues_add:
            rows = dues_rows_form(request.form)
            refused = not rows.validate()
            typed = {}
            for name, value in rows.data.items():
                term, _, pid = name.partition(".")
                typed.setdefault(int(pid), {})[term] = (value or "").strip()
            if not confirmed or form.edit.data == "1" or refused:
                ok, page = run_action(self._dues_confirm, data, target, ids, everyone, typed, query,
                                      back, form.edit.data == "1" or refused, rows.errors)
                return page if ok else failed
            ok, n = run_action(batch.add, db.session, current_user, kind, data, target, ids,
                               everyone=everyone, expected=expected, dues_rows=typed)
        else:
            ok, n = run_action(fn, db.session, current_user, kind, data, target, ids,
                               everyone=everyone, expected=expected)
        if not ok:
            return failed
        if verb == "添加" and n == 0:
            flash(f"所选党员已有这条{NOUNS[kind]}（可能刚由其他用户添加），未重复添加", "warning")
        else:
            flash(f"已为 {n} 名党员添加{NOUNS[kind]}" if verb == "添加" else
                  f"已删除 {n} 条{NOUNS[kind]}", "success")
        # After adding, show who has the record now (查询已添加).
        return redirect(url_for(".index", **{**dict(args.items()), "mode": "added"}))

    def _dues_confirm(self, data, target, ids, everyone, typed, query, back, editing=False,
                      refused=None):
        """Show each chosen member's computed payment before anything is saved."""
        stmt = batch.people_stmt(db.session, current_user, "dues", data, target, added=False)
        if not everyone:
            if not ids:
                raise RuleViolation("请先勾选党员，或选择“全部符合条件的党员”")
            stmt = stmt.where(batch.Person.id.in_(ids[:batch.MAX_IDS]))
        chosen = list(db.session.execute(stmt.order_by(None)).scalars())
        per_person, lines, errors = dues_batch.plan(db.session, current_user, chosen, data, typed)
        for name, messages in (refused or {}).items():  # a refused input, at its row
            term, _, pid = name.partition(".")
            for line in lines:
                if line.person_id == int(pid):
                    line.errors[term] = messages[0]
            errors += 1
        return self.render("batch/dues_confirm.html", lines=lines, errors=errors,
                           count=len(chosen), total=dues_batch.total(per_person), data=data,
                           typed=typed, ids=ids, everyone=everyone, query=query, back=back,
                           classes=DUES_CLASS, more=len(chosen) - len(lines), editing=editing)
