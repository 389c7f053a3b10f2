"""Configuration comes from the environment; the secret key is generated once, never a constant."""
import os
import stat

from admin_app import config


def test_secret_key_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)

    first = config.load(str(tmp_path))["SECRET_KEY"]
    second = config.load(str(tmp_path))["SECRET_KEY"]

    assert first == second and len(first) == 64
    assert stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode) == 0o600


def test_environment_overrides_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("UPLOAD_DIR", "/srv/up")
    monkeypatch.setenv("CAPTCHA", "off")

    cfg = config.load(str(tmp_path))

    assert cfg["SECRET_KEY"] == "from-env"
    assert cfg["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert cfg["UPLOAD_DIR"] == "/srv/up" and cfg["CAPTCHA"] is False


def test_defaults_put_the_database_and_uploads_in_the_instance_folder(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "UPLOAD_DIR", "CAPTCHA", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)

    cfg = config.load(str(tmp_path))

    assert cfg["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'party.db'}"
    assert cfg["UPLOAD_DIR"] == str(tmp_path / "uploads") and cfg["CAPTCHA"] is True


def test_engine_settings_apply_foreign_keys_and_wal_on_sqlite_pre_ping_on_postgresql(app, ctx):
    from sqlalchemy import text

    if ctx.get_bind().dialect.name != "sqlite":
        assert ctx.get_bind().pool._pre_ping is True  # PostgreSQL: the engine options apply
        return

    assert ctx.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert ctx.execute(text("PRAGMA journal_mode")).scalar() == "wal"
