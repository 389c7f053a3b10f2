"""Operations: health check, Chinese pages when the database is down, size limit, logs, package."""
from __future__ import annotations

import io
import logging
import os

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool

from models import DevAttachment
from tests import factories as f
from tests.conftest import Client
from tests.web.dev_flow import As, add, m


def app_on(url: str, **extra):
    from admin_app import create_app

    # not TESTING: exceptions go to the error handlers as in production
    other = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x",
                        "CAPTCHA": False, "WTF_CSRF_ENABLED": False, **extra})
    other.test_client_class = Client
    return other


def test_health_check_answers_ok_without_login_and_shows_no_data(client, city):
    resp = client.get("/healthz")

    assert resp.status_code == 200 and resp.get_data(as_text=True) == "ok\n"
    assert "no-store" in resp.headers["Cache-Control"]


def test_health_check_answers_503_while_the_database_is_unreachable_and_200_once_it_is_back(
        tmp_path):
    folder = tmp_path / "not-yet"
    down = app_on(f"sqlite:///{folder / 'party.db'}")
    client = down.test_client()

    while_down = client.get("/healthz")
    folder.mkdir()  # the database "comes back": the same app, no restart
    after = client.get("/healthz")

    assert while_down.status_code == 503 and while_down.get_data(as_text=True) == "unavailable\n"
    assert after.status_code == 200


def test_users_get_the_chinese_error_page_when_the_database_is_down(tmp_path):
    down = app_on(f"sqlite:///{tmp_path / 'missing' / 'party.db'}")

    resp = down.test_client().post("/login", data={"username": "a", "password": "b"})

    body = resp.get_data(as_text=True)
    assert resp.status_code == 500
    assert "系统内部错误" in body and 'lang="zh-CN"' in body
    assert "Internal Server Error" not in body


def test_an_unexpected_http_error_gets_a_chinese_page_not_werkzeugs(client):
    resp = client.open("/login", method="PUT")

    assert resp.status_code == 405 and "请求方式不被允许" in resp.get_data(as_text=True)
    assert "Method Not Allowed" not in resp.get_data(as_text=True)


@pytest.mark.pg
def test_the_app_reconnects_by_itself_after_the_database_dropped_its_connections(app, city,
                                                                                 login):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    client = login("branch_admin")
    assert client.get("/admin/").status_code == 200
    outside = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool)
    with outside.begin() as conn:  # what a database restart does to the app's pooled connections
        killed = conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    outside.dispose()
    assert killed >= 1

    assert client.get("/admin/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_the_request_limit_is_a_little_over_the_attachment_limit(app):
    from actions.development.attachments import MAX_BYTES

    limit = app.config["MAX_CONTENT_LENGTH"]

    assert MAX_BYTES < limit <= MAX_BYTES + 2 * 1024 * 1024


def test_the_request_limit_comes_from_one_setting(tmp_path, monkeypatch):
    from admin_app import config

    monkeypatch.setenv("MAX_REQUEST_MB", "20")

    assert config.load(str(tmp_path))["MAX_CONTENT_LENGTH"] == 20 * 1024 * 1024


def test_an_oversized_upload_is_refused_with_a_chinese_message_and_stores_nothing(
        app, ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a, name="积极分子丁", stage="activist",
                           activist_on=m(-2))
    branch = As(login, "branch_admin")
    record = add(branch, ctx, person.id, "talk", on_date=m(-1), host="王")
    big = b"%PDF-1.4\n" + b"0" * (app.config["MAX_CONTENT_LENGTH"] + 1)

    resp = branch.post(f"/admin/development/record/{record.id}/attach",
                       data={"file": (io.BytesIO(big), "大文件.pdf")},
                       content_type="multipart/form-data")

    assert resp.status_code == 413
    assert "过大" in resp.get_data(as_text=True)
    assert ctx.execute(select(DevAttachment)).first() is None


def test_log_lines_never_carry_a_full_id_number_not_even_in_a_traceback():
    from admin_app.logs import FORMAT, MaskingFormatter

    number = f.id_number(__import__("datetime").date(1990, 1, 2))
    try:
        raise ValueError(f"duplicate key (id_number)=({number})")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "saving %s failed",
                                   (number,), exc_info=__import__("sys").exc_info())

    line = MaskingFormatter(FORMAT).format(record)

    assert number not in line
    assert number[:6] + "********" + number[-4:] in line and "Traceback" in line


def test_migration_log_lines_use_the_masking_format_of_the_app():
    import configparser
    import logging.config
    from pathlib import Path

    import admin_app
    from admin_app.logs import FORMAT, MaskingFormatter

    ini = Path(admin_app.__file__).parent / "migrations" / "alembic.ini"
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ini)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        logging.config.fileConfig(ini, disable_existing_loggers=False)
        assert isinstance(root.handlers[0].formatter, MaskingFormatter)
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    assert parser["formatter_generic"]["format"] == FORMAT


def test_the_access_log_gets_the_logged_in_user_and_not_the_query_string(app, city, login,
                                                                         monkeypatch):
    from admin_app.logs import ACCESS_FORMAT, USER_KEY

    client = login("branch_admin")
    seen = []
    inner = app.wsgi_app

    def spy(environ, start_response):  # gunicorn formats its access line from this environ
        seen.append(environ)
        return inner(environ, start_response)

    monkeypatch.setattr(app, "wsgi_app", spy)
    client.get("/admin/?search=110101199001020011")
    app.test_client().get("/login")

    assert [e[USER_KEY] for e in seen] == ["branch_admin", "-"]
    assert "%(U)s" in ACCESS_FORMAT
    assert "%(q)s" not in ACCESS_FORMAT and "%(r)s" not in ACCESS_FORMAT
    assert "%(M)sms" in ACCESS_FORMAT


def test_templates_and_migrations_are_read_from_inside_the_package(app):
    import admin_app

    package = os.path.dirname(admin_app.__file__)

    assert app.template_folder == os.path.join(package, "templates")
    assert app.extensions["migrate"].directory == os.path.join(package, "migrations")
    assert os.path.isfile(os.path.join(app.template_folder, "errors", "error.html"))
    assert os.path.isfile(os.path.join(package, "migrations", "versions", "0001_foundation.py"))


def test_a_foreign_models_package_stops_the_app_with_a_plain_message(monkeypatch, tmp_path):
    import sys
    import types

    import admin_app

    fake = types.ModuleType("models")
    fake.__file__ = str(tmp_path / "other" / "models" / "__init__.py")
    monkeypatch.setitem(sys.modules, "models", fake)

    with pytest.raises(RuntimeError, match="own virtual environment"):
        admin_app.check_packages()


def test_the_shipped_nginx_site_and_env_file_agree_with_the_app_on_size_and_proxies(
        tmp_path, monkeypatch):
    import re

    from admin_app import DEPLOY, config

    monkeypatch.delenv("MAX_REQUEST_MB", raising=False)
    nginx = open(os.path.join(DEPLOY, "nginx-party-admin.conf"), encoding="utf-8").read()
    env = open(os.path.join(DEPLOY, "party-admin.env"), encoding="utf-8").read()
    unit = open(os.path.join(DEPLOY, "party-admin.service"), encoding="utf-8").read()
    default_mb = config.load(str(tmp_path))["MAX_CONTENT_LENGTH"] // (1024 * 1024)

    assert re.search(r"client_max_body_size (\d+)m;", nginx).group(1) == str(default_mb)
    assert f"MAX_REQUEST_MB={default_mb}\n" in env
    assert "error_page 413" in nginx and "过大" in nginx
    forwarded = {h for h in re.findall(r"proxy_set_header (X-Forwarded-\w+)", nginx)}
    assert forwarded == {"X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"}
    assert "PROXY_COUNT=1\n" in env and "SESSION_COOKIE_SECURE=on\n" in env
    assert "ssl_certificate " in nginx and "return 301 https://" in nginx
    assert re.search(r"ExecStart=\S+/party-admin serve\n", unit)
    assert "EnvironmentFile=/etc/party-admin/party-admin.env" in unit


def test_another_distribution_installing_a_models_package_stops_the_app(monkeypatch):
    import importlib.metadata

    import admin_app

    monkeypatch.setattr(importlib.metadata, "packages_distributions",
                        lambda: {"models": ["party-admin", "some-orm-helpers"]})

    with pytest.raises(RuntimeError, match="some-orm-helpers"):
        admin_app.check_packages()


def test_the_browsers_icon_request_is_answered_without_an_error(client):
    resp = client.get("/favicon.ico")

    assert resp.status_code == 204 and resp.data == b""
