"""The organisation page: basic information, live counts, team, officers, records, history, changes."""
from __future__ import annotations

import logging

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import func, select

from actions import clock
from actions.errors import DomainError
from actions.orgs import changes as org_changes
from actions.orgs import team as org_team
from actions.orgs import tree as orgs
from actions.scoping import in_scope, is_strictly_below
from actions.stats import org_counts as org_stats
from models import Organization, OrgOfficer, OrgRecord, OrgTeam, Person, db, path_bounds
from models.codes import ORG_RECORD_KIND
from views.base import SecureBaseView, user_has
from views.field_checks import checks_fields
from views.forms import ConfirmForm
from views.helpers import run_action
from views.orgs import forms as F

log = logging.getLogger(__name__)

# Change kind -> (title, form, needs a higher organisation, allowed status)
CHANGES = {
    "rename": ("党组织更名", F.RenameForm, False, "active"),
    "move": ("变更隶属关系", F.MoveForm, True, "active"),
    "dissolve": ("撤销党组织", F.DissolveForm, True, "active"),
    "restore": ("恢复党组织", F.RestoreForm, True, "dissolved"),
}


def org_url(org_id: int) -> str:
    return url_for("orgpage.index", id=org_id)


class OrgPageView(SecureBaseView):
    """Reached from the organisation list and tree; not a menu entry of its own."""

    def is_visible(self) -> bool:
        return False
    def _load(self, model, arg: str = "id"):
        row = db.session.get(model, request.args.get(arg, type=int) or 0)
        if row is None or not in_scope(row, current_user):
            abort(404)
        return row

    def rights(self, org: Organization) -> dict:
        admin = user_has("admin")
        below = is_strictly_below(org.path, current_user)
        return {"operator": user_has("operator") and org.status == "active",
                **{kind: admin and (below or not higher) and org.status == status
                   for kind, (_t, _f, higher, status) in CHANGES.items()}}

    @expose("/")
    def index(self):
        org = self._load(Organization)
        records = {}
        for kind in ORG_RECORD_KIND:
            records[kind] = db.session.execute(
                select(OrgRecord).where(OrgRecord.org_id == org.id, OrgRecord.kind == kind)
                .order_by(OrgRecord.held_on.desc()).limit(10)).scalars().all()
        teams = db.session.execute(select(OrgTeam).where(OrgTeam.org_id == org.id)
                                   .order_by(OrgTeam.elected_on.desc())).scalars().all()
        return self.render(
            "views/org_page.html", org=org, counts=org_stats.category_counts(db.session, org),
            categories=org_stats.CATEGORIES, children=org_stats.children(db.session, org),
            teams=teams, officers=org_team.officers(db.session, org), records=records,
            record_kinds=ORG_RECORD_KIND, history=org_changes.history(db.session, org),
            rights=self.rights(org), today=clock.today(), due_days=org_team.DUE_DAYS,
            parent_visible=org.parent is not None and in_scope(org.parent, current_user),
        )

    # --- changes: form -> confirmation -> action -----------------------------------------
    @expose("/change/<kind>/", methods=("GET", "POST"))
    @checks_fields
    def change(self, kind):
        if kind not in CHANGES:
            abort(404)
        org = self._load(Organization)
        title, form_cls, _higher, _status = CHANGES[kind]
        form = form_cls(request.form if request.method == "POST" else None)
        if not self.rights(org)[kind]:
            flash("当前用户无权对该党组织进行此操作", "error")
            return redirect(org_url(org.id))
        if request.method == "POST" and form.validate():
            ok, plan = run_action(self._plan, kind, org, form, form=form)
            if ok and ConfirmForm(request.form).is_confirmed():
                if run_action(self._apply, kind, org, form, plan, form=form, done=f"{title}已完成")[0]:
                    return redirect(org_url(org.id))
            elif ok:
                return self.render("views/org_confirm.html", org=org, form=form, title=title,
                                   kind=kind, plan=plan)
        return self.render("views/org_form.html", org=org, form=form, title=title,
                           action=url_for(".change", kind=kind, id=org.id))

    def _plan(self, kind: str, org: Organization, form) -> dict:
        """Check the change as the action will, and describe it for the confirmation page."""
        s, user, on = db.session, current_user, form.changed_on.data
        plan = {"lines": []}
        if kind == "rename":
            name, _ = org_changes.check_rename(s, user, org, form.name.data, on)
            plan["lines"] = [("原名称", org.name), ("新名称", name)]
        elif kind == "move":
            value = form.parent.data.strip()
            parent = orgs.find_org(s, value, user, active_only=True)
            if parent is None:
                raise DomainError("未找到该党组织（须在本组织管辖范围内且未撤销）", "parent")
            parent, new_code, _ = org_changes.check_move(s, user, org, parent.id,
                                                         form.code_suffix.data, on)
            lo, hi = path_bounds(org.path)
            n_orgs = s.execute(select(func.count()).select_from(Organization).where(
                Organization.path >= lo, Organization.path < hi)).scalar_one()
            n_people = s.execute(select(func.count()).select_from(Person).where(
                Person.org_path >= lo, Person.org_path < hi)).scalar_one()
            plan["parent_id"] = parent.id
            plan["lines"] = [("原上级党组织", org.parent.name if org.parent else ""),
                             ("新上级党组织", f"{parent.name}（{parent.code}）"),
                             ("组织代码", f"{org.code} → {new_code}（下级组织代码随之重新生成）"),
                             ("随同转移", f"{n_orgs} 个党组织（含本组织）、{n_people} 名人员")]
        elif kind == "dissolve":
            org_changes.check_dissolve(s, user, org, on, form.reason.data)
            plan["lines"] = [("撤销组织", f"{org.name}（{org.code}）"),
                             ("撤销原因", form.reason.data)]
        else:
            org_changes.check_restore(s, user, org, on)
            plan["lines"] = [("恢复组织", f"{org.name}（{org.code}）")]
        plan["lines"].append(("日期", on.isoformat()))
        return plan

    def _apply(self, kind: str, org: Organization, form, plan: dict) -> None:
        on, reason, s = form.changed_on.data, form.reason.data, db.session
        if kind == "rename":
            org_changes.rename_org(s, current_user, org, form.name.data, on, reason)
        elif kind == "move":
            org_changes.move_org(s, current_user, org, plan["parent_id"], form.code_suffix.data,
                                 on, reason)
        elif kind == "dissolve":
            org_changes.dissolve_org(s, current_user, org, on, reason)
        else:
            org_changes.restore_org(s, current_user, org, on, reason)

    # --- leadership team and officers ----------------------------------------------------
    @expose("/team/", methods=("GET", "POST"))
    @checks_fields
    def team(self):
        org = self._load(Organization)
        team = self._load(OrgTeam, "team") if request.args.get("team") else None
        form = F.TeamForm(request.form if request.method == "POST" else None, obj=team)
        if request.method == "POST" and form.validate():
            fields = org_team.TeamFields(**{k: getattr(form, k).data for k in (
                "election_method", "elected_on", "term_ends_on", "previous_election_on", "note")})
            if self._try(form, org_team.save_team, db.session, current_user, org, fields, team):
                flash("班子基本情况已保存", "success")
                return redirect(org_url(org.id))
        title = "修改班子基本情况" if team else "录入班子基本情况（换届）"
        return self.render("views/org_form.html", org=org, form=form, title=title,
                           action=url_for(".team", id=org.id, team=team.id if team else None))

    @expose("/appoint/", methods=("GET", "POST"))
    @checks_fields
    def appoint(self):
        org = self._load(Organization)
        form = F.AppointForm(request.form if request.method == "POST" else None,
                             role=request.args.get("role", "secretary"))
        if request.method == "POST" and form.validate():
            if self._try(form, org_team.appoint, db.session, current_user, org, form.role.data,
                         form.id_number.data, form.appointed_on.data):
                flash("任职已登记", "success")
                return redirect(org_url(org.id))
        secretary = db.session.execute(select(OrgOfficer).where(
            OrgOfficer.org_id == org.id, OrgOfficer.role == "secretary",
            OrgOfficer.status == "active")).scalars().first()
        note = (f"现任书记 {secretary.person.name}（{secretary.appointed_on} 任职）；录入新书记后，"
                "其任职于新书记任职日期结束。") if secretary else None
        return self.render("views/org_form.html", org=org, form=form, title="班子成员任职",
                           action=url_for(".appoint", id=org.id), note=note)

    @expose("/revoke/", methods=("GET", "POST"))
    @checks_fields
    def revoke(self):
        officer = self._load(OrgOfficer, "officer")
        form = F.RevokeForm(request.form if request.method == "POST" else None)
        if request.method == "POST" and form.validate():
            if self._try(form, org_team.revoke, db.session, current_user, officer,
                         form.ended_on.data, form.reason.data):
                flash("已撤销该任职", "success")
                return redirect(org_url(officer.org_id))
        return self.render("views/org_form.html", org=officer.org, form=form,
                           title=f"撤销任职：{officer.person.name}",
                           action=url_for(".revoke", officer=officer.id))

    @staticmethod
    def _try(form, fn, *args) -> bool:
        return run_action(fn, *args, form=form)[0]

