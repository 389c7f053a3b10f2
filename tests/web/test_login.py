"""Login with captcha and lockout, logout, own password change; every page needs login."""
import re

import pytest

from actions import users
from models import User
from tests import factories as f


@pytest.fixture
def captcha_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "CAPTCHA", True)
    monkeypatch.setattr("admin_app.auth._captcha_text", lambda: "KKKK")


def login_post(client, username="branch_admin", password=f.PASSWORD, **extra):
    client.fetch_csrf("/login")
    return client.post("/login", data={"username": username, "password": password, **extra})


def test_login_page_is_chinese_and_has_a_local_captcha(app, client, captcha_on):
    html = client.get("/login").get_data(as_text=True)
    image = client.get("/captcha.png")

    assert "用户名" in html and "验证码" in html
    assert image.mimetype == "image/png" and image.data[:4] == b"\x89PNG"
    assert "no-store" in image.headers["Cache-Control"]


def test_right_captcha_and_password_log_in(city, client, captcha_on):
    client.fetch_csrf("/login")
    client.get("/captcha.png")

    resp = client.post("/login", data={"username": "branch_admin", "password": f.PASSWORD,
                                       "captcha": "kkkk"})

    assert resp.status_code == 302 and resp.headers["Location"].endswith("/admin/")


def test_wrong_captcha_is_refused_and_used_only_once(city, client, captcha_on):
    client.fetch_csrf("/login")
    client.get("/captcha.png")

    wrong = client.post("/login", data={"username": "branch_admin", "password": f.PASSWORD,
                                        "captcha": "ABCD"})
    reused = client.post("/login", data={"username": "branch_admin", "password": f.PASSWORD,
                                         "captcha": "KKKK"})

    assert "验证码错误" in wrong.get_data(as_text=True)
    assert "验证码错误" in reused.get_data(as_text=True)


def test_wrong_password_says_so_in_chinese(city, client):
    resp = login_post(client, password="bad-pass1")

    assert resp.status_code == 200
    assert "用户名或密码错误" in resp.get_data(as_text=True)


def test_fifth_wrong_password_locks_the_account(city, ctx, client):
    for _ in range(4):
        login_post(client, password="bad-pass1")
    fifth = login_post(client, password="bad-pass1")
    right = login_post(client)

    assert "锁定" in fifth.get_data(as_text=True)
    assert right.status_code == 200 and "锁定" in right.get_data(as_text=True)
    assert "/login" in right.request.path and "Location" not in right.headers
    ctx.expire_all()
    assert ctx.get(User, city.branch_admin.id).locked_until is not None


VARYING = re.compile(r'(name="csrf_token"[^>]*value=|nonce=)"[^"]*"')


def _normalized(resp, username):
    """A login answer without what differs per request anyway: the CSRF token, nonces and
    the typed user name echoed in its field."""
    body = VARYING.sub(r'\1"-"', resp.get_data(as_text=True)).replace(username, "USER")
    return resp.status_code, sorted(resp.headers.keys()), body


def test_unknown_user_wrong_password_and_locked_account_get_identical_answers(app, city):
    def answer(username, password):
        return _normalized(login_post(app.test_client(), username, password), username)

    unknown = answer("nobody_here", "bad-pass1")
    wrong = answer("branch_admin", "bad-pass1")
    for _ in range(users.MAX_FAILURES - 1):
        login_post(app.test_client(), password="bad-pass1")
    locked_wrong = answer("branch_admin", "bad-pass1")
    locked_right = answer("branch_admin", f.PASSWORD)

    assert users.BAD_LOGIN in unknown[2]
    assert unknown == wrong == locked_wrong == locked_right


def test_anonymous_user_is_sent_to_login_with_next(client):
    resp = client.get("/admin/direct_member/")

    assert resp.status_code == 302 and "/login?next=" in resp.headers["Location"]


def test_next_parameter_cannot_redirect_off_site(city, client):
    client.fetch_csrf("/login")
    resp = client.post("/login?next=//evil.example/x",
                       data={"username": "branch_admin", "password": f.PASSWORD})

    assert resp.headers["Location"].endswith("/admin/")


def test_logout_needs_post_with_csrf(city, login):
    client = login("branch_admin")

    assert client.post("/logout", csrf=False).status_code == 400
    assert client.get("/admin/").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_inactive_user_cannot_log_in(ctx, city, client):
    city.branch_admin.active = False
    ctx.commit()

    assert "用户名或密码错误" in login_post(client).get_data(as_text=True)


def test_user_changes_own_password(city, login):
    client = login("branch_admin")

    bad = client.post("/password", data={"old_password": f.PASSWORD, "new_password": "short",
                                         "repeat": "short"})
    good = client.post("/password", data={"old_password": f.PASSWORD, "new_password": "newpass99",
                                          "repeat": "newpass99"})

    assert "密码至少8位" in bad.get_data(as_text=True)
    assert good.status_code == 302
    assert login("branch_admin", "newpass99")
