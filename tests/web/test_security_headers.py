"""Security headers on every kind of response; Secure session cookie behind HTTPS."""
from __future__ import annotations

import pytest

PAGES = ["/login", "/captcha.png", "/admin/", "/admin/direct_member/", "/portal/login",
         "/no-such-page", "/static/css/app.css"]


@pytest.mark.parametrize("url", PAGES)
def test_every_response_carries_the_security_headers(city, login, url):
    client = login("branch_admin")

    resp = client.get(url)

    csp = resp.headers.get("Content-Security-Policy", "")
    for part in ("frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'",
                 "default-src 'self'"):
        assert part in csp, (url, csp)
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_secure_and_httponly_over_https(city, client):
    resp = client.get("/login", base_url="https://localhost")

    cookies = [c for c in resp.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies and all("Secure" in c and "HttpOnly" in c for c in cookies)
    assert "max-age" in resp.headers.get("Strict-Transport-Security", "")


def test_session_cookie_is_not_marked_secure_over_plain_http(client):
    resp = client.get("/login")

    assert all("Secure" not in c for c in resp.headers.getlist("Set-Cookie"))
