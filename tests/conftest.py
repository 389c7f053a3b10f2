"""Fixtures: one schema per test session (Alembic), emptied after every test.

DATABASE_URL selects the engine (PostgreSQL in CI's second run); without it each session
uses an SQLite file in a temporary folder.
"""
from __future__ import annotations

import os
import re
from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from tests import factories as f

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# No app made by a test runs export jobs in the background (tests run them with run_once).
os.environ["EXPORT_RUNNER"] = "off"


class Client(FlaskClient):
    """Test client that sends the session's CSRF token with every POST unless told not to."""

    csrf_token: str | None = None

    def open(self, *args, **kwargs):
        # Like production, every request gets its own app context (its own `g` and database
        # session), even while the test itself holds one for its fixtures.
        from flask.globals import _cv_app

        token = _cv_app.set(None)
        try:
            resp = super().open(*args, **kwargs)
            resp.was_streamed = resp.is_streamed
            resp.get_data()  # read a streamed body while the request's own context exists
            return resp
        finally:
            _cv_app.reset(token)

    def post(self, *args, csrf: bool = True, **kwargs):
        if csrf and self.csrf_token:
            data = kwargs.get("data")
            if data is None:
                kwargs["data"] = data = {}
            if isinstance(data, dict) and "csrf_token" not in data:
                data["csrf_token"] = self.csrf_token
            kwargs.setdefault("headers", {})
            kwargs["headers"].setdefault("X-CSRFToken", self.csrf_token)
        return super().post(*args, **kwargs)

    def fetch_csrf(self, url: str = "/login") -> str:
        html = self.get(url).get_data(as_text=True)
        match = CSRF_RE.search(html)
        assert match, f"no CSRF token on {url}"
        self.csrf_token = match.group(1)
        return self.csrf_token


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    from admin_app import create_app
    from models import db

    instance = tmp_path_factory.mktemp("instance")
    os.environ["INSTANCE_PATH"] = str(instance)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'test.db'}"
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret",
        "CAPTCHA": False,
        "UPLOAD_DIR": str(instance / "uploads"),
        # Tests build members who joined years ago; count their dues as recorded since then.
        "DUES_RECORDED_SINCE": date(2000, 1, 1),
    })
    app.test_client_class = Client
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        from flask_migrate import upgrade

        upgrade()
    return app


@pytest.fixture(autouse=True)
def _fresh_database(request):
    """Empty every table after each test that used the app."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    from models import db

    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            # The audit log's guard triggers refuse this emptying; tests only switch them off
            # inside this transaction (PostgreSQL: replica mode; SQLite: dropped, then restored).
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET LOCAL session_replication_role = replica"))
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                guards = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = "
                                           "'trigger' AND tbl_name = 'audit_log'")).all()
                for name, _sql in guards:
                    conn.execute(text(f"DROP TRIGGER {name}"))
                for name in tables:
                    conn.execute(text(f"DELETE FROM {name}"))
                for _name, sql in guards:
                    conn.execute(text(sql))


@pytest.fixture
def ctx(app):
    """An application context with a clean session, for unit tests of actions."""
    from models import db

    with app.app_context():
        yield db.session
        db.session.rollback()


@pytest.fixture
def session(ctx):
    return ctx


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def city(ctx):
    """The standard small city: two districts, a committee, sibling branches and users."""
    return f.standard_city(ctx)


@pytest.fixture
def login(app):
    """Return a function logging a fresh client in as a user."""

    def _login(username: str, password: str = f.PASSWORD):
        client = app.test_client()
        client.fetch_csrf("/login")
        resp = client.post("/login", data={"username": username, "password": password})
        assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
        client.fetch_csrf("/admin/")  # the session changed at login
        return client

    return _login
