"""A small keep-alive HTTP client with a cookie jar, and logging in through the login form."""
from __future__ import annotations

import html
import http.client
import re
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

USER_AGENT = "party-admin-bench/1"
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*>', re.I)
VALUE = re.compile(r'value="([^"]*)"')


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    ms: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Session:
    """One browser: a persistent connection and the cookies the server set."""

    def __init__(self, base_url: str, timeout: float = 300):
        parts = urlsplit(base_url)
        self.host, self.port, self.timeout = parts.hostname, parts.port or 80, timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> Response:
        """Send one request (reconnecting once if the server closed the idle connection)."""
        hdrs = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        hdrs.update(headers or {})
        for attempt in (1, 2):
            conn = self._connection()
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=hdrs)
                resp = conn.getresponse()
                data = resp.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError,
                    http.client.CannotSendRequest, http.client.BadStatusLine):
                self.close()
                if attempt == 2:
                    raise
                continue
            ms = (time.perf_counter() - start) * 1000
            self._store_cookies(resp.headers.get_all("Set-Cookie") or [])
            if (resp.headers.get("Connection") or "").lower() == "close":
                self.close()
            return Response(resp.status, dict(resp.headers.items()), data, ms)
        raise AssertionError("unreachable")

    def _store_cookies(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            pair = header.split(";", 1)[0]
            name, _, value = pair.partition("=")
            expired = "max-age=0" in header.lower() or "expires=thu, 01 jan 1970" in header.lower()
            if expired:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value.strip()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_form(self, path: str, data: dict) -> Response:
        return self.request("POST", path, urlencode(data).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})


def csrf_token(page: str) -> str:
    """The value of the form's hidden csrf_token field."""
    match = CSRF.search(page)
    value = VALUE.search(match.group(0)) if match else None
    if value is None:
        raise RuntimeError("the login page has no csrf_token field")
    return html.unescape(value.group(1))


def login(base_url: str, username: str, password: str) -> Session:
    """Log in through the real form: GET /login, take the CSRF token, POST the credentials."""
    session = Session(base_url)
    page = session.get("/login")
    if page.status != 200:
        raise RuntimeError(f"GET /login -> {page.status}")
    resp = session.post_form("/login", {"csrf_token": csrf_token(page.text),
                                        "username": username, "password": password,
                                        "captcha": ""})
    location = resp.headers.get("Location", "")
    if resp.status != 302 or "/login" in location:
        raise RuntimeError(f"login as {username} failed ({resp.status}); is CAPTCHA off and "
                           "the demo city seeded?")
    return session


def minted_session(base_url: str, secret_key: str, user_id: int, generation: int) -> Session:
    """A logged-in session signed with the server's key, for a database opened read-only.

    Logging in through the form writes the login bookkeeping; a read-only benchmark cannot, so it
    builds the cookie Flask-Login would have set for this client (same address and User-Agent).
    """
    from flask import Flask
    from flask_login.utils import _create_identifier

    app = Flask("bench-cookie")
    app.secret_key = secret_key
    with app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1"},
                                  headers={"User-Agent": USER_AGENT}):
        identifier = _create_identifier()
    data = {"_user_id": str(user_id), "_fresh": True, "_id": identifier, "gen": generation,
            "seen": int(time.time()), "_permanent": True}
    cookie = app.session_interface.get_signing_serializer(app).dumps(data)
    session = Session(base_url)
    session.cookies[app.config["SESSION_COOKIE_NAME"]] = cookie
    return session
