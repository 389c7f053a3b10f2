"""批量录入: fill a record once, list who lacks it (确定) or has it (查询已添加), add or delete."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, StringField

from actions import batch
from actions.errors import DomainError, RuleViolation
from actions.members import dues_batch
from actions.orgs import tree as orgs
from models import Organization, db
from models.codes import DUES_CLASS
from views.base import COUNT_CAP, CappedCount, SecureBaseView
from views.delegates import delegate_fields
from views.forms import ProjectForm, code_select
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


def parse(args: MultiDict):
    """Validate a batch query (record + target); return (kind, form, data, target) or raise."""
    kind = args.get("kind", "activity")
    if kind not in KINDS:
        abort(404)
    # The subtree box is on by default: a first visit has no "filled" marker yet.
    if "filled" not in args:
        args = MultiDict(list(args.items(multi=True)) + [("subtree", "y")])
    form = batch_form(kind)(args)
    if not form.validate():
        return kind, form, None, None
    data = batch.clean(kind, form_values(form, skip=TARGET_FIELDS))
    org = find_org(form.org.data)
    picked = tuple(int(i) for i in (args.get("picked") or "").split(",") if i.isdigit())[:500]
    return kind, form, data, batch.Target(org.id, bool(form.subtree.data), form.search.data or "",
                                          picked)


class BatchEntryView(SecureBaseView):
    @expose("/")
    def index(self):
        args = request.args
        mode = args.get("mode")
        kind, form, data, target, result = args.get("kind", "activity"), None, None, None, None
        try:
            kind, form, data, target = parse(args)
        except DomainError as err:
            kind = args.get("kind", "activity")
            form = batch_form(kind)(args)
            self._report(form, err)
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
        elif mode and form is not None and form.errors:
            flash("请检查标红的项目", "error")
        picked = [i for i in (args.get("picked") or "").split(",") if i.isdigit()][:500]
        return self.render("batch/index.html", kinds=KINDS, kind=kind, form=form, result=result,
                           dues_classes=DUES_CLASS,
                           picked=",".join(picked), picked_count=len(picked),
                           mode=mode, can_write=current_user.can("operator"))

    @expose("/add/", methods=("POST",))
    def add(self):
        return self._write(batch.add, "添加")

    @expose("/remove/", methods=("POST",))
    def remove(self):
        return self._write(batch.remove, "删除")

    def _write(self, fn, verb: str):
        query = request.form.get("query", "")
        args = MultiDict(parse_qsl(query, keep_blank_values=True))
        back = url_for(".index", **{k: v for k, v in args.items() if k != "mode"})
        everyone = request.form.get("everyone") == "1"
        try:
            kind, _form, data, target = parse(args)
            if data is None:
                raise RuleViolation("记录内容不完整，请重新填写")
            added = fn is batch.remove
            dues_add = kind == "dues" and not added
            if everyone and request.form.get("confirmed") != "1" and not dues_add:
                total = batch.count(db.session, current_user, kind, data, target, added)
                return self.render("batch/confirm.html", kind=kind, kinds=KINDS, verb=verb,
                                   total=total, query=query, action=request.path, back=back)
            ids = [int(i) for i in request.form.getlist("person_id") if i.isdigit()]
            expected = request.form.get("expected", type=int)
            if dues_add:
                typed = dues_batch.row_values(request.form)
                editing = request.form.get("edit") == "1"
                if request.form.get("confirmed") != "1" or editing:
                    return self._dues_confirm(data, target, ids, everyone, typed, query, back,
                                              editing)
                n = batch.add(db.session, current_user, kind, data, target, ids, everyone=everyone,
                              expected=expected, dues_rows=typed)
            else:
                n = fn(db.session, current_user, kind, data, target, ids, everyone=everyone,
                       expected=expected)
        except DomainError as err:
            db.session.rollback()
            flash(err.message, "error")
            return redirect(url_for(".index", **dict(args.items())))
        if verb == "添加" and n == 0:
            flash(f"所选党员已有这条{NOUNS[kind]}（可能刚由其他用户添加），未重复添加", "warning")
        else:
            flash(f"已为 {n} 名党员添加{NOUNS[kind]}" if verb == "添加" else
                  f"已删除 {n} 条{NOUNS[kind]}", "success")
        # After adding, show who has the record now (查询已添加).
        return redirect(url_for(".index", **{**dict(args.items()), "mode": "added"}))

    def _dues_confirm(self, data, target, ids, everyone, typed, query, back, editing=False):
        """Show each chosen member's computed payment before anything is saved."""
        stmt = batch.people_stmt(db.session, current_user, "dues", data, target, added=False)
        if not everyone:
            if not ids:
                raise RuleViolation("请先勾选党员，或选择“全部符合条件的党员”")
            stmt = stmt.where(batch.Person.id.in_(ids[:batch.MAX_IDS]))
        chosen = list(db.session.execute(stmt.order_by(None)).scalars())
        per_person, lines, errors = dues_batch.plan(db.session, current_user, chosen, data, typed)
        return self.render("batch/dues_confirm.html", lines=lines, errors=errors,
                           count=len(chosen), total=dues_batch.total(per_person), data=data,
                           typed=typed, ids=ids, everyone=everyone, query=query, back=back,
                           classes=DUES_CLASS, more=len(chosen) - len(lines), editing=editing)

    @staticmethod
    def _report(form, err: DomainError) -> None:
        if err.field and err.field in form:
            form[err.field].errors = list(form[err.field].errors or []) + [err.message]
            flash("请检查标红的项目", "error")
        else:
            flash(err.message, "error")
