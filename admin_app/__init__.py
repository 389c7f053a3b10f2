"""The Flask application factory of the party-affairs admin platform."""
from __future__ import annotations

import logging
import os

from flask import Flask, g, redirect, render_template, request, session, url_for
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import Babel
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy import text
from werkzeug.exceptions import HTTPException

from actions import clock
from actions.development import deadlines
from admin_app import actor as audit
from admin_app import auth, cli, config, database, export_runner, headers, input_guard, logs
from models import db

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.join(HERE, "templates")
MIGRATIONS = os.path.join(HERE, "migrations")
STATIC = os.path.join(HERE, "static")
DEPLOY = os.path.join(HERE, "deploy")

csrf = CSRFProtect()
babel = Babel()
migrate = Migrate()


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure an app instance."""
    check_packages()
    # Without INSTANCE_PATH: instance/ beside the package in a checkout or an editable
    # install, <venv>/var/admin_app-instance for an installed wheel (Flask's rule).
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH") or None,
        template_folder=TEMPLATES,
        static_folder=STATIC,
    )
    app.config.update(config.load(app.instance_path))
    if test_config:
        app.config.update(test_config)
    logs.configure(app.config.get("LOG_LEVEL", "INFO"))
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    database.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    csrf.init_app(app)
    clock.configure(app.config["TIME_ZONE"])
    babel.init_app(app, locale_selector=lambda: "zh_CN",
                   timezone_selector=lambda: app.config["TIME_ZONE"])
    app.add_template_filter(clock.format_time, "localtime")
    auth.init_app(app)
    headers.init_app(app)
    input_guard.init_app(app)
    audit.init_app(app)
    deadlines.install()  # each developing person's next deadline, on every commit
    cli.init_app(app)
    export_runner.init_app(app)
    _init_admin(app)
    _init_errors(app)

    _init_filters(app)
    _init_ops(app)

    @app.route("/")
    def root():
        return redirect(url_for("admin.index"))

    return app


def check_packages() -> None:
    """Refuse to start when models/actions/views are not this distribution's own packages.

    The four top-level packages are installed side by side; another distribution in the same
    environment shipping a `models` (or `actions`, `views`) package would shadow or overwrite
    ours, so a deployment gets its own virtual environment and this check says so plainly.
    """
    from importlib.metadata import packages_distributions

    import actions
    import models
    import views

    owners = packages_distributions()
    for name in ("admin_app", "models", "actions", "views"):
        others = sorted(set(owners.get(name, ())) - {"party-admin", "party_admin"})
        if others:
            raise RuntimeError(
                f"package {name!r} is also installed by {', '.join(others)}; install "
                "party-admin into its own virtual environment")
    base = os.path.dirname(HERE)
    for module in (models, actions, views):
        where = os.path.dirname(os.path.dirname(os.path.abspath(module.__file__ or "")))
        if os.path.realpath(where) != os.path.realpath(base):
            raise RuntimeError(
                f"package {module.__name__!r} comes from {module.__file__}, not from this "
                f"installation ({base}); install party-admin into its own virtual environment")


def _init_ops(app: Flask) -> None:
    """/healthz for load balancers and monitoring, the user in the access log."""

    @app.route("/favicon.ico")
    def favicon():  # browsers ask for it on every page; there is no icon, and no error either
        return app.response_class(status=204)

    @app.route("/healthz")
    def healthz():
        try:
            db.session.execute(text("SELECT 1"))
        except Exception as err:  # noqa: BLE001 - any failure means "not healthy"
            # one line per probe, no traceback: monitoring probes every few seconds
            logging.getLogger(__name__).warning("health check: database unavailable (%s)",
                                                type(err).__name__)
            _rollback()
            return app.response_class("unavailable\n", 503, mimetype="text/plain",
                                      headers={"Cache-Control": "no-store"})
        finally:
            db.session.remove()
        return app.response_class("ok\n", 200, mimetype="text/plain",
                                  headers={"Cache-Control": "no-store"})

    @app.after_request
    def _user_for_access_log(resp):
        # Only a user this request already loaded: logging must not cost a query.
        user = g.get("_login_user")
        if user is not None and getattr(user, "is_authenticated", False):
            name = user.username
        elif isinstance(session.get("portal_account"), dict):
            name = "portal:%s" % session["portal_account"].get("id")
        else:
            name = "-"
        request.environ[logs.USER_KEY] = name
        return resp


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection may be gone with the database
        logging.getLogger(__name__).warning("rollback failed", exc_info=True)


def _init_admin(app: Flask) -> None:
    from views import register
    from views.home import HomeView

    admin = Admin(
        app,
        name="党建工作平台",
        index_view=HomeView(name="首页", url="/admin"),
        theme=Bootstrap4Theme(swatch=app.config["FLASK_ADMIN_SWATCH"], fluid=True,
                              base_template="layout/base.html"),
        translations_path=os.path.join(HERE, "translations"),
        csp_nonce_generator=headers.csp_nonce,
    )
    register(admin)

    from views.portal import init_app as init_portal

    init_portal(app)


HTTP_MESSAGES = {
    400: "请求无效，请返回上一页重试",
    401: "请先登录",
    403: "无权访问该页面",
    404: "页面或记录不存在",
    405: "请求方式不被允许",
    413: "上传的文件或提交的内容过大，请压缩或拆分后重试",
    429: "请求过于频繁，请稍后再试",
}
FALLBACK_PAGE = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="UTF-8">'
                 "<title>{code} - 党建工作平台</title></head><body><h3>{code}</h3><p>{message}</p>"
                 '<p><a href="/">返回首页</a></p></body></html>')


def error_page(code: int, message: str):
    """The Chinese error page; a plain Chinese page if even the template cannot render."""
    try:
        return render_template("errors/error.html", code=code, message=message), code
    except Exception:  # noqa: BLE001 - never fall through to werkzeug's English page
        logging.getLogger(__name__).exception("error page failed")
        return FALLBACK_PAGE.format(code=code, message=message), code


def _init_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(err):
        return error_page(400, "安全校验未通过，请刷新页面后重试")

    @app.errorhandler(HTTPException)
    def http_error(err):
        if err.code is None or err.code < 400:  # redirects raised by routing
            return err
        if err.code >= 500:
            _rollback()
        return error_page(err.code, HTTP_MESSAGES.get(err.code, f"请求无法处理（{err.code}）"))

    @app.errorhandler(500)
    def server_error(err):
        # Flask has already logged the exception with its traceback (app.logger).
        _rollback()
        return error_page(500, "系统内部错误，已记录，请稍后重试或联系管理员")


def _init_filters(app: Flask) -> None:
    from models import codes
    from views.menu_groups import grouped_menu

    app.jinja_env.globals["grouped_menu"] = grouped_menu
    app.jinja_env.filters["zip"] = lambda first, *more: zip(first, *more)
    app.jinja_env.filters["org_kind"] = lambda c: codes.label(codes.ORG_KIND, c)
    app.jinja_env.filters["code"] = lambda c, table: codes.label(getattr(codes, table), c)
    from actions import privacy

    app.jinja_env.filters["mask_id"] = privacy.mask_id
    from views import id_columns

    # A page needing someone's full number uses person_id_number (it logs the reveal).
    app.jinja_env.filters["person_id_number"] = id_columns.page_id_number
    app.jinja_env.filters["person_label"] = id_columns.person_label
