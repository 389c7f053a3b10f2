"""Portal identity, activation with a code, login and logout."""
from __future__ import annotations

from functools import wraps

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from actions.errors import DomainError
from actions.portal import accounts
from models import PortalAccount, db

bp = Blueprint("portal", __name__, url_prefix="/portal")
# The portal's own session key. Flask-Login keeps the admin user under "_user_id"; the two never
# share a key, so a portal session is no admin session and the other way round.
KEY = "portal_account"


def current_account() -> PortalAccount | None:
    """Return the logged-in portal account of this request, if any."""
    if "portal_account" not in g:
        account = None
        data = session.get(KEY)
        if isinstance(data, dict) and isinstance(data.get("id"), int):
            account = db.session.get(PortalAccount, data["id"])
            # A changed password (stored hash) ends sessions opened before the change.
            if account is None or not account.active or \
                    account.password_hash[-16:] != data.get("h"):
                account = None
        g.portal_account = account
    return g.portal_account


def portal_login_required(fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        account = current_account()
        if account is None:
            return redirect(url_for("portal.login"))
        g.audit_actor = accounts.PortalActor(account.person.name, account.person.org)
        return fn(account, *args, **kwargs)
    return wrapper


@bp.after_request
def _no_store(resp):
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _start(account: PortalAccount) -> None:
    session.clear()  # drops any admin login held in the same browser
    session[KEY] = {"id": account.id, "h": account.password_hash[-16:]}
    session.permanent = True


@bp.route("/login", methods=("GET", "POST"))
def login():
    errors = {}
    if request.method == "POST":
        try:
            account = accounts.authenticate(db.session, request.form.get("id_number"),
                                            request.form.get("password"))
        except DomainError as err:
            db.session.rollback()
            errors["password"] = err.message
        else:
            _start(account)
            return redirect(url_for("portal.home"))
    return render_template("portal/login.html", errors=errors, form=request.form)


@bp.route("/activate", methods=("GET", "POST"))
def activate():
    errors = {}
    if request.method == "POST":
        f = request.form
        # Writes of an activation (the new person, the account) are logged in the typed name.
        g.audit_actor = accounts.PortalActor((f.get("name") or "").strip()[:50] or "激活", None)
        try:
            account = accounts.activate(db.session, current_app.config["SECRET_KEY"],
                                        request.remote_addr, f.get("code"), f.get("id_number"),
                                        f.get("name"), f.get("phone"), f.get("password"),
                                        f.get("repeat"))
        except DomainError as err:
            errors[err.field or "code"] = err.message
        else:
            _start(account)
            flash("激活成功，已登录。以后请用身份证号码和密码登录。", "success")
            return redirect(url_for("portal.home"))
    form = {k: v for k, v in request.form.items() if k not in ("password", "repeat")}
    return render_template("portal/activate.html", errors=errors, form=form)


@bp.route("/logout", methods=("POST",))
def logout():
    session.clear()
    flash("已退出登录", "info")
    return redirect(url_for("portal.login"))
