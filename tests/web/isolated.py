"""Run each test-client request in its own app context.

The `ctx` fixture keeps an app context pushed, and Flask reuses a pushed context for requests:
`g` (Flask-Login's current user, Flask-WTF's CSRF token) and the database session would be
shared between requests and between clients. Tests that use `ctx` and several logins import
this fixture so every request sees only its own client's session, as in production.
"""
from __future__ import annotations

import pytest

from tests.conftest import Client


@pytest.fixture(autouse=True)
def own_app_context(app, monkeypatch):
    opener = Client.open

    def open_(self, *args, **kwargs):
        with app.app_context():
            resp = opener(self, *args, **kwargs)
            resp.was_streamed = resp.is_streamed
            resp.get_data()  # read a streamed body while the request's context exists
            return resp

    monkeypatch.setattr(Client, "open", open_)
