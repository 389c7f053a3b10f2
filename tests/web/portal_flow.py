"""Helpers for portal tests: generate a code as a branch user, activate it in a fresh client."""
from __future__ import annotations

import re
from datetime import date

from tests import factories as f

PASSWORD = "abc12345"


def portal_client(app):
    client = app.test_client()
    client.fetch_csrf("/portal/activate")
    return client


def generate(admin_client, org_id: int, **extra) -> str:
    resp = admin_client.post("/admin/activation_code/generate/",
                             data={"org": str(org_id), "days": "7", **extra})
    assert resp.status_code == 200
    match = re.search(r'id="issued-code">([A-Z0-9-]+)<', resp.get_data(as_text=True))
    assert match, resp.get_data(as_text=True)[:500]
    return match.group(1)


def activate(client, code: str, id_number: str | None = None, name: str = "李申请",
             ip: str = "10.0.0.1"):
    return client.post("/portal/activate", data={
        "code": code, "id_number": id_number or f.id_number(date(1998, 1, 2)), "name": name,
        "phone": "13800000000", "password": PASSWORD, "repeat": PASSWORD},
        environ_base={"REMOTE_ADDR": ip})


def applicant(app, admin_client, org_id: int, birth=date(1998, 1, 2), name="李申请"):
    """Return a portal client logged in as a newly activated applicant."""
    client = portal_client(app)
    resp = activate(client, generate(admin_client, org_id), f.id_number(birth), name=name)
    assert resp.status_code == 302, resp.get_data(as_text=True)[:800]
    client.fetch_csrf("/portal/")
    return client
