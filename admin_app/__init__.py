"""The Flask application factory of the party-affairs admin platform."""
from __future__ import annotations

import logging
import os

from flask import Flask, redirect, render_template, url_for
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import Babel
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFError, CSRFProtect

from actions import clock
from models import db

from admin_app import auth, cli, config, database
from admin_app import actor as audit

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

csrf = CSRFProtect()
babel = Babel()
migrate = Migrate()


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure an app instance."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH") or os.path.join(ROOT, "instance"),
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(HERE, "static"),
    )
    app.config.update(config.load(app.instance_path))
    if test_config:
        app.config.update(test_config)
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    database.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"))
    csrf.init_app(app)
    clock.configure(app.config["TIME_ZONE"])
    babel.init_app(app, locale_selector=lambda: "zh_CN",
                   timezone_selector=lambda: app.config["TIME_ZONE"])
    app.add_template_filter(clock.format_time, "localtime")
    auth.init_app(app)
    audit.init_app(app)
    cli.init_app(app)
    _init_admin(app)
    _init_errors(app)

    _init_filters(app)

    @app.route("/")
    def root():
        return redirect(url_for("admin.index"))

    return app


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
    )
    register(admin)

    from views.portal import init_app as init_portal

    init_portal(app)


def _init_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(err):
        return render_template("errors/error.html", code=400,
                               message="页面已过期或请求无效（CSRF 校验失败），请刷新页面后重试"), 400

    for code, message in ((403, "无权访问该页面"), (404, "页面或记录不存在"),
                          (405, "请求方式不被允许")):
        app.register_error_handler(
            code, lambda err, c=code, m=message: (render_template("errors/error.html", code=c,
                                                                  message=m), c))

    @app.errorhandler(500)
    def server_error(err):
        db.session.rollback()
        logging.getLogger(__name__).error("server error: %s", err)
        return render_template("errors/error.html", code=500,
                               message="系统内部错误，已记录，请稍后重试或联系管理员"), 500


def _init_filters(app: Flask) -> None:
    from models import codes

    from views.menu_groups import grouped_menu

    app.jinja_env.globals["grouped_menu"] = grouped_menu
    app.jinja_env.filters["zip"] = lambda first, *more: zip(first, *more)
    app.jinja_env.filters["org_kind"] = lambda c: codes.label(codes.ORG_KIND, c)
    app.jinja_env.filters["code"] = lambda c, table: codes.label(getattr(codes, table), c)
