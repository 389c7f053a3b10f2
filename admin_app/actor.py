"""Wire the audit hook to Flask: the actor is the logged-in user or the one a CLI command sets."""
from __future__ import annotations

from flask import g, has_app_context, has_request_context, request

from actions import audit


def _actor_and_ip():
    actor = None
    if has_app_context() and g.get("audit_actor") is not None:
        actor = g.audit_actor
    elif has_request_context():
        from flask_login import current_user

        if current_user and current_user.is_authenticated:
            actor = current_user._get_current_object()
    ip = request.remote_addr if has_request_context() else None
    return actor, ip


def init_app(app) -> None:
    audit.set_provider(_actor_and_ip)
    audit.install()
