"""Transfers: issue (关系转出), the receiver's 转入待接收, letters (print and PDF), receipts."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import or_, select

from actions import clock
from actions.members import letters, transfers
from actions.scoping import bounds_of, in_scope
from models import Organization, Person, Transfer, db
from models.codes import DIRECTION, TRANSFER_STATUS
from views.base import SecureBaseView, SecureModelView, user_has
from views.field_checks import checks_fields
from views.helpers import run_action, run_each
from views.members import forms as F
from views.members.entry import member_url, rows_for_ids
from views.members.person_export import PersonExportMixin


def _in_range(path: str | None) -> bool:
    lo, hi = bounds_of(current_user)
    return bool(path) and lo <= path < hi


LETTERS_MAX = 100  # letters on one printable page (a PDF of 100 takes some 20-40 s)


def letters_url(rows) -> str:
    """Where the printable page of these transfers' letters is (that page logs the print)."""
    if len(rows) > LETTERS_MAX:
        flash(f"一次最多打印 {LETTERS_MAX} 份介绍信，已列出前 {LETTERS_MAX} 份", "warning")
        rows = rows[:LETTERS_MAX]
    return url_for("transfer_desk.letters", id=[t.id for t in rows])


def _shown(rows, how: str) -> None:
    letters.record_shown(db.session, rows, how)
    db.session.commit()


def _letter_link(v, c, m, n):
    return Markup(f"<a href='{url_for('transfer_desk.letter', id=m.id)}'>{escape(m.letter_no)}</a>")


class TransferOutView(PersonExportMixin, SecureModelView):
    """转出记录: transfers issued by the user's subtree, with receipt tracking."""

    column_list = ["letter_no", "person", "direction", "to_org_name", "issued_on", "valid_days",
                   "status", "receipt_returned_on", "overdue"]
    column_labels = {"overdue": "回执逾期"}
    column_export_list = ["letter_no", "person", "direction", "to_org_name", "issued_on",
                          "valid_days", "status", "receipt_returned_on"]
    column_codes = {"direction": DIRECTION, "status": TRANSFER_STATUS}
    column_default_sort = ("id", True)
    column_sortable_list = ["issued_on"]
    column_formatters = {
        "letter_no": _letter_link,
        "overdue": lambda v, c, m, n: Markup("<span class='badge badge-danger'>逾期</span>")
        if transfers.receipt_overdue(m) else "",
    }
    action_roles = {"receipt": "operator", "cancel": "operator", "print_letters": "viewer"}

    def get_query(self):
        return super().get_query().filter(transfers.issued_within(current_user))

    def _each(self, ids, fn, done):
        n = run_each(rows_for_ids(self, ids), fn, lambda t: t.letter_no)
        flash(f"{done} {n} 条", "success" if n else "warning")

    @action("receipt", "登记回执返回日期…")
    def action_receipt(self, ids):
        # Asks for the real return date on its own page (one date for the checked letters).
        numbers = [int(i) for i in ids if str(i).isdigit()]
        return redirect(url_for("transfer_desk.receipt", id=numbers, url=request.referrer))

    @action("print_letters", "打印介绍信")
    def action_print_letters(self, ids):
        rows = rows_for_ids(self, ids)
        if not rows:
            flash("请先勾选转出记录", "warning")
            return None
        return redirect(letters_url(rows))

    @action("cancel", "取消转出", "确定取消勾选的待接收转出？")
    def action_cancel(self, ids):
        self._each(ids, lambda t: transfers.cancel(db.session, current_user, t.id), "已取消")


class TransferInView(TransferOutView):
    """转入待接收: pending transfers into the user's subtree."""

    column_list = ["letter_no", "person", "from_org", "to_org_name", "issued_on", "valid_days",
                   "expired", "decide"]
    column_labels = {"decide": "操作", "expired": "有效期"}
    column_formatters = {
        "letter_no": _letter_link,
        "expired": lambda v, c, m, n: Markup("<span class='badge badge-danger'>已过期，须说明</span>")
        if transfers.is_expired(m) else "有效",
        "decide": lambda v, c, m, n: Markup(
            f"<a class='btn btn-sm btn-primary' href='{url_for('transfer_desk.decide', id=m.id)}'>"
            "查看并接收/拒绝</a>"),
    }
    action_disallowed_list = ["receipt", "cancel", "print_letters"]

    def get_query(self):
        return SecureModelView.get_query(self).filter(*transfers.incoming(current_user))


class TransferDeskView(SecureBaseView):
    """Issue a transfer, decide an incoming one, print its letter."""

    def is_visible(self):
        return False

    @expose("/")
    def index(self):
        return redirect(url_for("transfer_in.index_view"))

    def _transfer(self) -> Transfer:
        t = db.session.get(Transfer, request.values.get("id", type=int) or 0)
        if t is None or not (_in_range(t.from_org_path) or _in_range(t.to_org_path)):
            abort(404)
        return t

    def _person(self) -> Person:
        p = db.session.get(Person, request.values.get("person_id", type=int) or 0)
        if p is None or not in_scope(p, current_user):
            abort(404)
        return p

    def _tree(self):
        """The city's active organisations, one level at a time, or a search by name/code."""
        q = (request.args.get("q") or "").strip()
        at = db.session.get(Organization, request.args.get("at", type=int) or 0)
        active = Organization.status == "active"
        if q:
            rows = db.session.execute(select(Organization).where(active, or_(
                Organization.code.startswith(q), Organization.name.contains(q)))
                .order_by(Organization.path).limit(30)).scalars().all()
        elif at is not None:
            rows = db.session.execute(select(Organization).where(
                active, Organization.parent_id == at.id).order_by(Organization.code)).scalars().all()
        else:
            rows = db.session.execute(select(Organization).where(
                active, Organization.parent_id.is_(None))).scalars().all()
        return q, at, rows

    @expose("/out/", methods=("GET", "POST"))
    @checks_fields
    def out(self):
        if not user_has("operator"):
            abort(403)
        person = self._person()
        posted = request.method == "POST"
        form = F.TransferOutForm(request.form if posted else None)
        # The address may carry them too (the receiver tree links to this page with them).
        direction = request.args.get("direction") or form.direction.data or "in_city"
        to = db.session.get(Organization, request.args.get("to", type=int) or form.to.data or 0)
        if posted and form.validate():
            ok, t = run_action(transfers.issue, db.session, current_user, person.id,
                               transfers.TransferFields(
                                   direction=direction, issued_on=form.issued_on.data,
                                   valid_days=form.valid_days.data,
                                   to_org_id=to.id if to else None,
                                   to_org_name=form.to_org_name.data,
                                   dues_paid_until=form.dues_month(),
                                   member_phone=form.member_phone.data,
                                   issuer_address=form.issuer_address.data,
                                   issuer_phone=form.issuer_phone.data,
                                   issuer_fax=form.issuer_fax.data,
                                   issuer_postcode=form.issuer_postcode.data), form=form)
            if ok:
                flash(Markup(f"已转出，介绍信编号 {escape(t.letter_no)}。"
                             f"<a href='{url_for('.letter', id=t.id)}' id='open-letter'>打印介绍信</a>"),
                      "success")
                return redirect(url_for(".letter", id=t.id, issued=1))
        elif posted:
            flash("保存失败，请检查标红的项目", "error")
        q, at, rows = self._tree()
        return self.render("transfers/out.html", p=person, direction=direction, to=to, q=q, at=at,
                           rows=rows, today=clock.today(), directions=DIRECTION,
                           valid_days=current_app.config.get("TRANSFER_VALID_DAYS", 30),
                           member_url=member_url(person), form=form if posted else None)

    @expose("/decide/")
    def decide(self):
        return self._decide_page(self._transfer())

    def _decide_page(self, t: Transfer, forms=None):
        receiver = _in_range(t.to_org_path) and t.status == "pending"
        sender = _in_range(t.from_org_path) and user_has("operator")
        return self.render("transfers/decide.html", t=t, receiver=receiver, sender=sender,
                           expired=transfers.is_expired(t), statuses=TRANSFER_STATUS,
                           forms=forms or {})

    def _decision(self, form, name, fn, done):
        if not user_has("operator"):
            abort(403)
        t = self._transfer()
        if not form.validate():
            flash("保存失败，请检查标红的项目", "error")
        elif run_action(fn, t, form=form, done=done)[0]:
            return redirect(url_for(".decide", id=t.id))
        if any(f.errors for f in form):
            return self._decide_page(t, {name: form})
        return redirect(url_for(".decide", id=t.id))

    @expose("/accept/", methods=("POST",))
    @checks_fields
    def accept(self):
        form = F.AcceptTransferForm(request.form)
        return self._decision(form, "accept", lambda t: transfers.accept(
            db.session, current_user, t.id, form.version.data, form.expired_note.data),
            "已接收，该党员的组织关系已转入")

    @expose("/reject/", methods=("POST",))
    @checks_fields
    def reject(self):
        form = F.RejectTransferForm(request.form)
        return self._decision(form, "reject", lambda t: transfers.reject(
            db.session, current_user, t.id, form.reason.data, form.version.data), "已拒绝接收")

    @expose("/cancel/", methods=("POST",))
    @checks_fields
    def cancel(self):
        form = F.VersionForm(request.form)
        return self._decision(form, "cancel", lambda t: transfers.cancel(
            db.session, current_user, t.id, form.version.data), "已取消转出")

    @expose("/receipt/", methods=("GET", "POST"))
    @checks_fields
    def receipt(self):
        """Record the real day the receipts of one or more letters came back (回执返回日期)."""
        if not user_has("operator"):
            abort(403)
        posted = request.method == "POST"
        form = F.ReceiptForm(request.form if posted else None)
        valid = posted and form.validate()
        ids = form.id.data if posted else [int(i) for i in request.args.getlist("id")
                                           if i.isdigit() and int(i) <= 2**31 - 1]
        rows = [t for t in (db.session.get(Transfer, i) for i in ids[:100])
                if t is not None and _in_range(t.from_org_path)]
        if not rows:
            abort(404)
        back = (form.url.data if posted else request.args.get("url")) or ""
        back = back if back.startswith("/") and not back.startswith("//") else url_for(
            "receipt_overdue.index_view")
        asking = {}

        def record():
            try:
                return transfers.record_receipts(db.session, current_user, rows, on,
                                                 replace=form.replace.data == "1")
            except transfers.ReceiptRecorded as question:  # not an error: the user confirms
                db.session.rollback()
                asking["question"] = question
                return None

        on = getattr(form.receipt_returned_on, "day", None)
        if valid:
            ok, n = run_action(record, form=form)
            if ok and not asking:
                flash(f"已登记 {n} 份介绍信的回执返回日期 {on:%Y-%m-%d}" if n else
                      "回执返回日期未变", "success")
                return redirect(back)
        elif posted:
            flash("保存失败，请检查标红的项目", "error")
        value = (form.receipt_returned_on.data or "").strip() if posted else ""
        return self.render("transfers/receipt.html", rows=rows, back=back, form=form,
                           asking=asking.get("question"),
                           value=value or clock.today().isoformat(),
                           today=clock.today(), statuses=TRANSFER_STATUS)

    def _letter_html(self, t: Transfer, pdf: bool) -> str:
        return render_template("documents/transfer_letter.html", pdf=pdf,
                               **letters.letter_context(t))

    @expose("/letter/")
    def letter(self):
        t = self._transfer()
        _shown([t], "print")
        return self.render("transfers/letter_page.html", t=t,
                           letter=Markup(self._letter_html(t, pdf=False)),
                           issued=request.args.get("issued"))

    def _letters(self) -> list[Transfer]:
        """The transfers asked for (id=…), only those issued inside the jurisdiction."""
        ids = [int(i) for i in request.args.getlist("id") if i.isdigit() and int(i) <= 2**31 - 1]
        rows = db.session.execute(select(Transfer).where(
            Transfer.id.in_(ids[:LETTERS_MAX]), transfers.issued_within(current_user))
            .order_by(Transfer.id)).scalars().all()
        if not rows:
            abort(404)
        return rows

    @expose("/letters/")
    def letters(self):
        """The letters of several transfers on one printable page."""
        rows = self._letters()
        _shown(rows, "print")
        return self.render("transfers/letters_page.html", rows=rows,
                           letters=[Markup(self._letter_html(t, pdf=False)) for t in rows],
                           pdf_url=url_for(".letters_pdf", id=[t.id for t in rows]))

    @expose("/letters.pdf")
    def letters_pdf(self):
        rows = self._letters()
        html = render_template("documents/transfer_letters.html",
                               letters=[Markup(self._letter_html(t, pdf=False)) for t in rows])
        pdf = letters.html_to_pdf(html)
        _shown(rows, "pdf")
        resp = current_app.response_class(pdf, mimetype="application/pdf")
        resp.headers["Content-Disposition"] = "attachment; filename=letters.pdf"
        return resp

    @expose("/letter.pdf")
    def letter_pdf(self):
        t = self._transfer()
        pdf = letters.html_to_pdf(self._letter_html(t, pdf=True))
        _shown([t], "pdf")
        resp = current_app.response_class(pdf, mimetype="application/pdf")
        resp.headers["Content-Disposition"] = f"attachment; filename=letter-{t.id}.pdf"
        return resp
