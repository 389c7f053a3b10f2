"""Sessions end when they should: logout, password change, deactivation, role change, idleness;
a captcha answer works once, even when the same cookie is replayed."""
from __future__ import annotations

import time

import pytest

from actions import users
from tests import factories as f


def cookie(client):
    return client.get_cookie("session").value


def replay(app, value):
    """A fresh browser holding a copied session cookie."""
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def test_old_cookie_no_longer_opens_admin_after_logout(app, city, login):
    client = login("branch_admin")
    saved = cookie(client)

    assert client.post("/logout").status_code == 302
    resp = replay(app, saved).get("/admin/")

    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_logout_ends_the_users_other_sessions_too(app, city, login):
    first, second = login("branch_admin"), login("branch_admin")

    first.post("/logout")

    assert second.get("/admin/").status_code == 302


def test_password_change_ends_other_sessions_and_keeps_this_one(city, login):
    here, elsewhere = login("branch_admin"), login("branch_admin")

    resp = here.post("/password", data={"old_password": f.PASSWORD, "new_password": "newpass99",
                                        "repeat": "newpass99"})

    assert resp.status_code == 302
    assert here.get("/admin/").status_code == 200
    away = elsewhere.get("/admin/")
    assert away.status_code == 302
    page = elsewhere.get(away.headers["Location"]).get_data(as_text=True)
    assert "登录已失效" in page


def test_deactivation_and_role_change_end_the_users_sessions(ctx, city, login):
    victim, other = login("branch_operator"), login("branch_viewer")
    operator = ctx.get(type(city.branch_admin), city.branch_operator.id)
    viewer = ctx.get(type(city.branch_admin), city.branch_viewer.id)

    users.update_user(ctx, city.branch_admin, operator, operator.org_id, operator.role, False,
                      operator.full_name)
    users.update_user(ctx, city.branch_admin, viewer, viewer.org_id, "operator", True,
                      viewer.full_name)

    assert victim.get("/admin/").status_code == 302
    assert other.get("/admin/").status_code == 302


def test_admin_password_reset_ends_the_users_sessions(ctx, city, login):
    client = login("branch_operator")
    operator = ctx.get(type(city.branch_admin), city.branch_operator.id)

    users.set_password(ctx, city.branch_admin, operator, "resetpass9")

    assert client.get("/admin/").status_code == 302


def test_idle_session_ends_after_the_setting_and_the_login_page_says_why(app, city, login,
                                                                         monkeypatch):
    client = login("branch_admin")
    monkeypatch.setitem(app.config, "IDLE_MINUTES", 30)
    assert client.get("/admin/").status_code == 200
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 31 * 60)

    resp = client.get("/admin/")

    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    page = client.get("/login").get_data(as_text=True)
    assert "超过30分钟未操作" in page


def test_activity_within_the_idle_limit_keeps_the_session(app, city, login, monkeypatch):
    client = login("branch_admin")
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 20 * 60)
    assert client.get("/admin/").status_code == 200
    monkeypatch.setattr(time, "time", lambda: real() + 40 * 60)

    assert client.get("/admin/").status_code == 200


@pytest.fixture
def captcha_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "CAPTCHA", True)
    monkeypatch.setattr("admin_app.auth._captcha_text", lambda: "KKKK")


def test_replaying_a_cookie_with_the_right_captcha_answer_passes_only_once(app, city, client,
                                                                           captcha_on):
    client.fetch_csrf("/login")
    client.get("/captcha.png")
    saved, token = cookie(client), client.csrf_token
    data = {"username": "branch_admin", "password": f.PASSWORD, "captcha": "KKKK"}

    first = replay(app, saved)
    first.csrf_token = token
    second = replay(app, saved)
    second.csrf_token = token

    assert first.post("/login", data=dict(data)).status_code == 302
    again = second.post("/login", data=dict(data))
    assert again.status_code == 200 and "验证码错误" in again.get_data(as_text=True)
