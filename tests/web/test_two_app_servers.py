"""Two app servers on one database: what one of them records, the other one sees.

Two `create_app()` instances with the same DATABASE_URL, SECRET_KEY and UPLOAD_DIR stand for
two machines behind one load balancer (on SQLite they share the file, on PostgreSQL the
server). Every step goes through the real HTTP routes, one step on each instance.
"""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import DevAttachment, Person, StatDefinition, db
from tests import factories as f
from tests.conftest import Client
from tests.web.dev_flow import PDF, As, add, attach, m
from tests.web.portal_flow import activate, generate, portal_client

SHARED = ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "CAPTCHA", "UPLOAD_DIR",
          "DUES_RECORDED_SINCE")


@pytest.fixture
def other(app):
    """A second app instance sharing the first one's database, secret key and uploads."""
    from admin_app import create_app

    second = create_app({k: app.config[k] for k in SHARED})
    second.test_client_class = Client
    yield second
    with second.app_context():
        db.session.remove()
        db.engine.dispose()


def login_on(app):
    """A `login(username)` function for one app instance (like the conftest fixture)."""

    def _login(username: str, password: str = f.PASSWORD):
        client = app.test_client()
        client.fetch_csrf("/login")
        resp = client.post("/login", data={"username": username, "password": password})
        assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
        client.fetch_csrf("/admin/")
        return client

    return _login


def login_post(app, username="branch_admin", password=f.PASSWORD):
    client = app.test_client()
    client.fetch_csrf("/login")
    return client.post("/login", data={"username": username, "password": password})


def test_an_account_locked_on_one_server_is_locked_on_the_other(app, other, city):
    for _ in range(5):
        login_post(app, password="bad-pass1")

    right_password_elsewhere = login_post(other)

    assert right_password_elsewhere.status_code == 200
    assert "锁定" in right_password_elsewhere.get_data(as_text=True)


def test_an_activation_code_used_on_one_server_is_refused_on_the_other(app, other, ctx, city):
    code = generate(As(login_on(app), "branch_admin"), city.branch_a1a.id)

    first = activate(portal_client(other), code)
    again = activate(portal_client(app), code, id_number=f.id_number(date(1997, 5, 6)),
                     name="王重复")

    assert first.status_code == 302
    assert "激活码无效或已失效" in again.get_data(as_text=True)
    names = ctx.execute(select(Person.name).where(Person.name.in_(["李申请", "王重复"]))).scalars()
    assert list(names) == ["李申请"]


def test_an_attachment_uploaded_on_one_server_is_downloaded_from_the_other(app, other, ctx,
                                                                           city):
    person = f.make_person(ctx, city.branch_a1a, name="积极分子丙", stage="activist",
                           activist_on=m(-2))
    branch = As(login_on(app), "branch_admin")
    record = add(branch, ctx, person.id, "talk", on_date=m(-1), host="王")

    assert attach(branch, record.id, PDF, "谈话记录.pdf").status_code == 302
    att = ctx.execute(select(DevAttachment)
                      .where(DevAttachment.record_id == record.id)).scalar_one()
    committee = As(login_on(other), "committee_admin")
    download = committee.get(f"/admin/development/attachment/{att.id}")

    assert download.status_code == 200 and download.data == PDF


def test_a_statistics_table_saved_on_one_server_is_run_on_the_other(app, other, ctx, city):
    f.make_person(ctx, city.branch_a1a, "甲", male=True)
    saved = login_on(app)("committee_admin").post("/admin/stat_table/save/", data={
        "name": "两台服务器表", "subject": "person", "object": "direct", "row": "sex"})
    definition = ctx.execute(select(StatDefinition)).scalar_one()

    html = login_on(other)("committee_admin").get(
        f"/admin/stat_table/?id={definition.id}").get_data(as_text=True)

    assert saved.status_code == 302
    assert "两台服务器表" in html and 'id="stat-table"' in html
