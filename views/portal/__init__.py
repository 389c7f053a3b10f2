"""The self-service portal (/portal): its own login, separate from the admin's Flask-Login."""
from __future__ import annotations

from views.portal import pages  # noqa: F401  (routes on bp)
from views.portal.auth import bp


def init_app(app) -> None:
    app.register_blueprint(bp)
