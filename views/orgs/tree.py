"""Organisation tree of the user's subtree, one level at a time, with live member counts."""
from __future__ import annotations

from flask import abort, jsonify, request
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select

from actions.navigation.org_search import org_search
from actions.scoping import in_scope, scope
from actions.stats import counts as stats
from models import Organization, db
from views.base import SecureBaseView


class OrgTreeView(SecureBaseView):
    @expose("/")
    def index(self):
        org = current_user.org
        if request.args.get("id"):
            org = db.session.get(Organization, request.args.get("id", type=int) or 0)
            if org is None or not in_scope(org, current_user):
                abort(404)
        trail = self._trail(org)
        children, direct, total = stats.tree_level(db.session, org)
        return self.render("views/tree.html", org=org, trail=trail, children=children,
                           direct=direct, total=total)

    def _org(self):
        org = db.session.get(Organization, request.args.get("id", type=int) or 0)
        if org is None or not in_scope(org, current_user):
            abort(404)
        return org

    @expose("/children/")
    def children(self):
        """The children of one organisation with their counts (loaded when a node is opened)."""
        org = self._org()
        return jsonify([{"id": r["org"].id, "name": r["org"].name, "code": r["org"].code,
                         "children": r["children"], "direct": r["direct"], "total": r["total"],
                         "url": self.get_url("orgpage.index", id=r["org"].id)}
                        for r in stats.children_with_counts(db.session, org)])

    @expose("/path/")
    def path(self):
        """Ids from the user's organisation down to the first organisation matching `q`."""
        q = (request.args.get("q") or "").strip()[:50]
        if not q:
            return jsonify({"found": None, "path": []})
        stmt = scope(select(Organization).where(org_search(db.session, q),
                                                Organization.status == "active"),
                     current_user, Organization).order_by(Organization.path).limit(1)
        org = db.session.execute(stmt).scalars().first()
        if org is None:
            return jsonify({"found": None, "path": []})
        return jsonify({"found": org.name, "path": [o.id for o in self._trail(org)]})

    @staticmethod
    def _trail(org):
        """Ancestors from the user's own organisation down to `org`."""
        ids = [int(seg) for seg in org.path.strip(".").split(".")]
        rows = {o.id: o for o in db.session.execute(
            select(Organization).where(Organization.id.in_(ids))).scalars()}
        start = len(current_user.org.path.strip(".").split(".")) - 1
        return [rows[i] for i in ids[start:] if i in rows]
