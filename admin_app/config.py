"""Configuration from the environment; the secret key is generated once and kept in instance/."""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def _secret_key(instance: Path) -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def _flag(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "on", "true", "yes")


def _month(name: str):
    """A YYYY-MM setting as the first day of that month, or None."""
    from datetime import date

    value = os.environ.get(name, "").strip()
    if not value:
        return None
    year, month = value.split("-")[:2]
    return date(int(year), int(month), 1)


def _megabytes(name: str, default: str) -> int:
    return int(float(os.environ.get(name) or default) * 1024 * 1024)


def load(instance_path: str) -> dict:
    """Return the settings read from environment variables."""
    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'party.db'}"
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": _secret_key(instance),
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR") or str(instance / "uploads"),
        "CAPTCHA": _flag("CAPTCHA", "on"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", "off"),
        "IDLE_MINUTES": int(os.environ.get("IDLE_MINUTES", "30")),
        "AUDIT_RETENTION_DAYS": max(int(os.environ.get("AUDIT_RETENTION_DAYS", "180")), 180),
        "PERMANENT_SESSION_LIFETIME": int(os.environ.get("SESSION_MINUTES", "120")) * 60,
        "BABEL_DEFAULT_LOCALE": "zh_CN",
        "TIME_ZONE": os.environ.get("TIME_ZONE") or "Asia/Shanghai",
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("TIME_ZONE") or "Asia/Shanghai",
        "WTF_CSRF_TIME_LIMIT": None,
        "TRANSFER_VALID_DAYS": int(os.environ.get("TRANSFER_VALID_DAYS", "30")),
        # A list export of more rows than this runs as a background job (admin_app.export_runner).
        "EXPORT_JOB_ROWS": max(int(os.environ.get("EXPORT_JOB_ROWS", "20000")), 1),
        "EXPORT_KEEP_HOURS": max(int(os.environ.get("EXPORT_KEEP_HOURS", "24")), 1),
        "EXPORT_RUNNER": _flag("EXPORT_RUNNER", "on"),
        "DUES_RECORDED_SINCE": _month("DUES_RECORDED_SINCE"),
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
        "FLASK_ADMIN_SWATCH": "cerulean",
        # Requests above this are refused (413) before their body is read; a little above the
        # 10 MB attachment limit so an upload at the limit fits with its form fields.
        # nginx's client_max_body_size must be the same.
        "MAX_CONTENT_LENGTH": _megabytes("MAX_REQUEST_MB", "11"),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO").strip().upper() or "INFO",
    }
