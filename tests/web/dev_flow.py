"""Helpers driving the development screens through the test client."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from actions import clock
from actions.development.dates import add_months
from models import DevRecord, DevSubmission, Person

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class As:
    """A logged-in client that can share the test's app context with other users' clients.

    Requests inside the `ctx` fixture's app context share `g`, where Flask-Login caches the
    user and Flask-WTF the CSRF token; clearing them before each request keeps two users' clients apart.
    """

    def __init__(self, login, username: str):
        _forget()
        self.client = login(username)
        _forget()
        self.client.fetch_csrf("/admin/")

    def __getattr__(self, name):
        attr = getattr(self.client, name)
        if name in ("get", "post", "open"):
            def call(*args, **kwargs):
                _forget()
                return attr(*args, **kwargs)
            return call
        return attr


def _forget():
    from flask import g, has_app_context

    if has_app_context():
        g.pop("_login_user", None)
        g.pop("csrf_token", None)


def m(months: int, days: int = 0, today: date | None = None) -> date:
    """Return today shifted by whole months (clamped) and then by days."""
    return add_months(today or clock.today(), months) + timedelta(days=days)


def monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


def flashes(resp) -> str:
    return resp.get_data(as_text=True)


def add(client, session, person_id: int, kind: str, **values) -> DevRecord:
    """Post a record form and return the new record."""
    data = {k: (v.isoformat() if isinstance(v, date) else str(v)) for k, v in values.items()}
    resp = client.post(f"/admin/development/person/{person_id}/record/{kind}", data=data)
    assert resp.status_code == 302, _error(resp)
    session.expire_all()
    return session.execute(select(DevRecord).where(DevRecord.person_id == person_id,
                                                   DevRecord.kind == kind)
                           .order_by(DevRecord.id.desc()).limit(1)).scalar_one()


def attach(client, record_id: int, data: bytes, name: str):
    import io

    return client.post(f"/admin/development/record/{record_id}/attach",
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def submit(client, session, person_id: int, kind: str, **values) -> DevSubmission:
    resp = client.post(f"/admin/development/person/{person_id}/submit/{kind}", data=values)
    assert resp.status_code == 302, _error(resp)
    session.expire_all()
    return session.execute(select(DevSubmission).where(DevSubmission.person_id == person_id,
                                                       DevSubmission.kind == kind)
                           .order_by(DevSubmission.id.desc()).limit(1)).scalar_one()


def decide(client, sub_id: int, outcome="approve", opinion="同意", decided_on=None, **extra):
    data = {"outcome": outcome, "opinion": opinion,
            "decided_on": decided_on.isoformat() if decided_on else "", **extra}
    return client.post(f"/admin/dev_queue/{sub_id}", data=data)


def _error(resp) -> str:
    import re

    body = resp.get_data(as_text=True)
    found = re.findall(r'alert-(?:danger|error)[^>]*>.*?</button>\s*([^<]+)', body, re.S)
    found += re.findall(r'invalid-feedback[^>]*>([^<]+)', body)
    return f"{resp.status_code}: {found or body[:300]}"


def person(session, person_id: int) -> Person:
    session.expire_all()
    return session.get(Person, person_id)


def ready_applicant(session, actor, org, name: str = "申请人甲", birth=date(1995, 3, 1)):
    """Return an applicant whose stage-1 records are complete (ready for 确定积极分子并备案)."""
    from actions.development import records
    from tests import factories as f

    p = f.make_person(session, org, name=name, stage="applicant", birth_date=birth)
    app_rec = records.create_record(session, actor, p, "application", {"on_date": m(-3)})
    records.review_application(session, actor, app_rec, True)
    records.create_record(session, actor, p, "talk", {"on_date": m(-3, 10), "host": "王书记"})
    records.create_record(session, actor, p, "recommendation",
                          {"on_date": m(-2), "result": "党员推荐"})
    records.create_record(session, actor, p, "committee_activist",
                          {"on_date": m(-1), "result": "同意"})
    return p
