"""Login with a locally generated image captcha, logout and changing one's own password."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from io import BytesIO
from urllib.parse import urlsplit

from captcha.image import ImageCaptcha
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length

from actions import users
from actions.errors import DomainError
from actions.security import captcha as captchas
from actions.security.sessions import end_sessions
from models import User, db
from views.field_checks import checks_fields
from views.forms import ProjectMeta

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "请先登录"
login_manager.login_message_category = "warning"
login_manager.session_protection = "strong"

CAPTCHA_CHARS = "ABCDEFHJKMNPRSTUVWXY345678"  # no 0/O, 1/I/L, 2/Z, 9/g look-alikes
# Why a session ended, shown on the login page (session key "ended").
ENDED = {
    "idle": "您已超过{minutes}分钟未操作，为保护账号安全已自动退出，请重新登录",
    "revoked": "您的登录已失效（已在别处退出、修改了密码，或账号的角色、状态已变更），请重新登录",
}


@login_manager.user_loader
def load_user(user_id: str):
    if not str(user_id).isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active:
        return None
    if session.get("gen") != (user.session_generation or 0):
        _end_session("revoked")
        return None
    return user


def _end_session(reason: str) -> None:
    session.clear()
    session["ended"] = reason


def _check_idle() -> None:
    """End a logged-in session that saw no request for IDLE_MINUTES."""
    if "_user_id" not in session:
        return
    now = int(time.time())
    seen = session.get("seen")
    limit = current_app.config["IDLE_MINUTES"] * 60
    if isinstance(seen, int) and now - seen > limit:
        _end_session("idle")
        return
    if not isinstance(seen, int) or now - seen >= 30:  # do not rewrite the cookie on every click
        session["seen"] = now


class LoginForm(FlaskForm):
    class Meta(ProjectMeta):  # the platform's messages; hidden characters refused at the field
        pass

    username = StringField("用户名", validators=[InputRequired("请输入用户名"), Length(max=50)])
    password = PasswordField("密码", validators=[InputRequired("请输入密码"), Length(max=200)])
    captcha = StringField("验证码", validators=[Length(max=10)])


class PasswordForm(FlaskForm):
    class Meta(ProjectMeta):
        pass

    old_password = PasswordField("原密码", validators=[InputRequired("请输入原密码")])
    new_password = PasswordField("新密码", validators=[InputRequired("请输入新密码")])
    repeat = PasswordField("确认新密码", validators=[InputRequired("请再次输入新密码")])


def _digest(text: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, text.upper().encode(), hashlib.sha256).hexdigest()


def _captcha_text() -> str:
    return "".join(secrets.choice(CAPTCHA_CHARS) for _ in range(4))


@bp.route("/captcha.png")
def captcha_image():
    text = _captcha_text()
    # The challenge lives on the server; the cookie only names it.
    session["captcha"] = captchas.issue(db.session, _digest(text))
    buf = BytesIO()
    ImageCaptcha(width=150, height=48, font_sizes=(30, 32, 34)).write(text, buf, format="png")
    resp = current_app.response_class(buf.getvalue(), mimetype="image/png")
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _captcha_ok(answer: str) -> bool:
    if not current_app.config["CAPTCHA"]:
        return True
    # Single use, right or wrong, however often the same cookie is replayed.
    stored = captchas.consume(db.session, session.pop("captcha", None))
    if not stored:
        return False
    return hmac.compare_digest(stored, _digest((answer or "").strip()))


def _safe_next(target: str | None) -> str:
    if target and urlsplit(target).netloc == "" and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("admin.index")


@bp.route("/login", methods=["GET", "POST"])
@checks_fields
def login():
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    ended = session.pop("ended", None)
    if ended in ENDED and request.method == "GET":
        flash(ENDED[ended].format(minutes=current_app.config["IDLE_MINUTES"]), "warning")
    if form.validate_on_submit():
        if not _captcha_ok(form.captcha.data):
            form.captcha.errors.append("验证码错误或已过期，请重新输入")
        else:
            try:
                user = users.authenticate(db.session, form.username.data, form.password.data)
            except DomainError as err:
                form.password.errors.append(err.message)
            else:
                session.clear()
                login_user(user)
                session["gen"] = user.session_generation or 0
                session["seen"] = int(time.time())
                session.permanent = True
                return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form, captcha=current_app.config["CAPTCHA"])


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        # Logging out ends every session of the user, not only this cookie.
        end_sessions(db.session, current_user.id)
        db.session.commit()
    logout_user()
    session.clear()
    flash("已退出登录", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
@checks_fields
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            generation = users.change_own_password(db.session, current_user,
                                                   form.old_password.data,
                                                   form.new_password.data, form.repeat.data)
        except DomainError as err:
            db.session.rollback()
            getattr(form, err.field or "new_password").errors.append(err.message)
        else:
            session["gen"] = generation  # this session goes on; the others have ended
            flash("密码已修改，您在其他地方的登录已失效", "success")
            return redirect(url_for("admin.index"))
    return render_template("auth/password.html", form=form)


def init_app(app) -> None:
    login_manager.init_app(app)
    app.before_request(_check_idle)
    app.register_blueprint(bp)
