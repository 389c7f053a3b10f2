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

from actions.portal import accounts
from models import PortalAccount, db
from views.field_checks import checks_fields
from views.helpers import run_action
from views.portal.forms import ActivateForm, LoginForm

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
@checks_fields
def login():
    form = LoginForm(request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        # No form for the failure: the one neutral answer names neither field (flashed).
        ok, account = run_action(accounts.authenticate, db.session, form.id_number.data,
                                 form.password.data)
        if ok:
            _start(account)
            return redirect(url_for("portal.home"))
    return render_template("portal/login.html", form=form)


@bp.route("/activate", methods=("GET", "POST"))
@checks_fields
def activate():
    form = ActivateForm(request.form if request.method == "POST" else None)
    if request.method == "POST":
        # Writes of an activation (the new person, the account) are logged in the typed name.
        g.audit_actor = accounts.PortalActor((form.name.data or "").strip()[:50] or "激活", None)
    if request.method == "POST" and form.validate():
        ok, account = run_action(
            accounts.activate, db.session, current_app.config["SECRET_KEY"], request.remote_addr,
            form.code.data, form.id_number.data, form.name.data, form.phone.data,
            form.password.data, form.repeat.data, form=form)
        if ok:
            _start(account)
            flash("激活成功，已登录。以后请用身份证号码和密码登录。", "success")
            return redirect(url_for("portal.home"))
    return render_template("portal/activate.html", form=form)


@bp.route("/logout", methods=("POST",))
def logout():
    session.clear()
    flash("已退出登录", "info")
    return redirect(url_for("portal.login"))
