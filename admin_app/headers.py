"""Security headers on every response, and Secure cookies whenever the request came over HTTPS.

Content-Security-Policy: everything from this server only (closed network, no CDN), no
plugins, no framing, no foreign <base> or form targets. Scripts run only from this server's
files or from a <script> block carrying this response's nonce (a fresh random value per
request, `csp_nonce()` in templates; Flask-Admin gets it through `csp_nonce_generator`).
There is no 'unsafe-inline' for scripts, so no page may use an inline event handler
(onclick=, onsubmit=, href="javascript:…"): static/js/page_events.js binds those behaviours
by event delegation on data- attributes (data-confirm, data-print, data-model-action …), and
the Flask-Admin templates that had such handlers are overridden in templates/admin/.

Styles keep 'unsafe-inline': inline style="" attributes are widespread in our templates and
in Flask-Admin's (and in the style attributes its JavaScript sets), and a nonce cannot cover
an attribute. Style injection cannot run script; the risk it leaves is page defacement only.

Responses that set their own, stricter policy (PDF and attachment downloads) keep it.
"""
from __future__ import annotations

import secrets

from flask import g, request
from flask.sessions import SecureCookieSessionInterface

NONCE_BYTES = 18


def csp_nonce() -> str:
    """This request's script nonce, made on first use (one value per request)."""
    nonce = g.get("_csp_nonce")
    if nonce is None:
        nonce = g._csp_nonce = secrets.token_urlsafe(NONCE_BYTES)
    return nonce


def policy(nonce: str) -> str:
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
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
    response.headers.setdefault("Content-Security-Policy", policy(csp_nonce()))
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def init_app(app) -> None:
    app.session_interface = SessionInterface()
    app.after_request(add_headers)
    app.context_processor(lambda: {"csp_nonce": csp_nonce})
