"""Row checkboxes and bulk actions on the member lists (直管党员, 党员快速查询)."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import flash, redirect, send_file, url_for
from flask_admin.actions import action
from flask_login import current_user

from actions import audit
from actions.export import rows, xlsx_file
from actions.members import transfers
from models import Person, db


class MemberBulkMixin:
    """导出所选, 为所选批量录入记录 and 打印所选人员的介绍信, on the people ticked in the list."""

    action_roles = {"export_selected": "viewer", "batch_selected": "operator",
                    "letters_selected": "viewer"}

    def _ticked(self, ids):
        query = self.query_for_ids(ids)
        if not ids or query.count() == 0:
            flash("请先勾选人员", "warning")
            return None
        return query

    @action("export_selected", "导出所选（Excel）")
    def action_export_selected(self, ids):
        query = self._ticked(ids)
        if query is None:
            return None
        columns = self.export_columns()
        stmt = query.with_entities(*[c[1] for c in columns]).statement
        audit.record(db.session, "export", self.model.__tablename__,
                     f"导出{self.name}中勾选的 {len(ids)} 人（XLSX）", current_user.org.path,
                     {"ids": [int(i) for i in ids if str(i).isdigit()][:1000]})
        db.session.commit()
        handle, _n = xlsx_file([c[0] for c in columns], rows(db.session, stmt),
                               [c[2] for c in columns], sheet=self.name)
        return send_file(handle, as_attachment=True, download_name=f"{self.name}（所选）.xlsx",
                         mimetype="application/vnd.openxmlformats-officedocument"
                                  ".spreadsheetml.sheet")

    @action("batch_selected", "为所选人员批量录入记录")
    def action_batch_selected(self, ids):
        query = self._ticked(ids)
        if query is None:
            return None
        picked = [str(p.id) for p in query.limit(500)]
        return redirect(url_for("batch.index") + "?" + urlencode({"picked": ",".join(picked)}))

    @action("letters_selected", "打印所选人员的介绍信")
    def action_letters_selected(self, ids):
        from views.members.transfers import letters_url

        query = self._ticked(ids)
        if query is None:
            return None
        people = query.order_by(Person.id).all()  # the ticked ids, in the order registered
        letters = transfers.open_letters(db.session, current_user, [p.id for p in people])
        having = {t.person_id for t in letters}
        skipped = [p.name for p in people if p.id not in having]
        if skipped:
            flash(f"以下人员没有未办结的转出介绍信，已跳过：{'、'.join(skipped)}", "warning")
        if not letters:
            return None
        return redirect(letters_url(letters))
