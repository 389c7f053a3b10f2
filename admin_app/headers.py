"""Security headers on every response, and Secure cookies whenever the request came over HTTPS.

Content-Security-Policy: everything from this server only (closed network, no CDN), no
plugins, no framing, no foreign <base> or form targets. Scripts keep 'unsafe-inline' because
Flask-Admin's own templates use inline event handlers (the delete confirmation, the actions
menu) that a nonce cannot cover; a nonce in the policy would make browsers ignore
'unsafe-inline' and break them.
"""
from __future__ import annotations

from flask import request
from flask.sessions import SecureCookieSessionInterface

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure when configured so, or when this request is HTTPS."""

    def get_cookie_secure(self, app) -> bool:
        if app.config.get("SESSION_COOKIE_SECURE"):
            return True
        try:
            return bool(request.is_secure)
        except RuntimeError:  # outside a request
            return False


def add_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def init_app(app) -> None:
    app.session_interface = SessionInterface()
    app.after_request(add_headers)
