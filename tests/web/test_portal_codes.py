"""串码管理 in the admin and activation in the portal, through the test client."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from models import ActivationCode, Person
from tests.web.dev_flow import As
from tests.web.portal_flow import activate, generate, portal_client
from views.audit_log import local_time


def test_generated_code_is_shown_once_and_never_again(app, ctx, city, login):
    admin = As(login, "branch_admin")

    code = generate(admin, city.branch_a1a.id, note="李申请")

    history = admin.get("/admin/activation_code/").get_data(as_text=True)
    assert code not in history and code.replace("-", "") not in history
    assert "李申请" in history and "未使用" in history
    assert "********" + code[-2:] in history


def test_history_filters_by_time_range_and_status(app, ctx, city, login):
    admin = As(login, "branch_admin")
    generate(admin, city.branch_a1a.id, note="旧码")
    generate(admin, city.branch_a1a.id, note="新码")
    rows = ctx.execute(select(ActivationCode).order_by(ActivationCode.id)).scalars().all()
    rows[0].created_at -= timedelta(days=40)
    rows[0].expires_at = rows[0].created_at + timedelta(days=7)
    ctx.commit()
    created = local_time(rows[1].created_at)[:10]
    filters = admin.get("/admin/activation_code/").get_data(as_text=True)
    after = _filter_index(filters, "生成时间", "不早于")
    before = _filter_index(filters, "生成时间", "不晚于")
    status = _filter_index(filters, "状态", "等于")

    by_time = admin.get(f"/admin/activation_code/?flt0_{after}={created}&flt1_{before}={created}")
    expired = admin.get(f"/admin/activation_code/?flt0_{status}=expired")

    assert "新码" in by_time.get_data(as_text=True) and "旧码" not in by_time.get_data(as_text=True)
    text = expired.get_data(as_text=True)
    assert "旧码" in text and "新码" not in text and "已过期" in text


def _filter_index(html: str, label: str, op: str) -> int:
    import json
    import re

    data = json.loads(re.search(r'id="filter-groups-data"[^>]*>(.*?)</', html, re.S).group(1)
                      .replace("&#34;", '"').replace("&quot;", '"'))
    for group, items in data.items():
        if group == label:
            for item in items:
                if op in item["operation"]:
                    return item["index"]
    raise AssertionError(f"no filter {label} {op}: {data}")


def test_revoked_code_cannot_be_activated(app, ctx, city, login):
    admin = As(login, "branch_admin")
    code = generate(admin, city.branch_a1a.id)
    row = ctx.execute(select(ActivationCode)).scalar_one()

    admin.post("/admin/activation_code/action/", data={"action": "revoke", "rowid": str(row.id)})
    resp = activate(portal_client(app), code)

    assert "激活码无效或已失效" in resp.get_data(as_text=True)
    ctx.expire_all()
    assert ctx.get(ActivationCode, row.id).state() == "revoked"


def test_sibling_branch_cannot_see_or_revoke_another_branch_code(app, ctx, city, login):
    admin = As(login, "branch_admin")
    generate(admin, city.branch_a1a.id, note="本支部")
    row = ctx.execute(select(ActivationCode)).scalar_one()
    sibling = As(login, "sibling_admin")

    listing = sibling.get("/admin/activation_code/").get_data(as_text=True)
    sibling.post("/admin/activation_code/action/", data={"action": "revoke", "rowid": str(row.id)})
    forged = sibling.post("/admin/activation_code/generate/",
                          data={"org": str(city.branch_a1a.id), "days": "7"})

    assert "本支部" not in listing
    ctx.expire_all()
    assert ctx.get(ActivationCode, row.id).state() == "unused"
    assert 'id="issued-code"' not in forged.get_data(as_text=True)
    assert ctx.scalar(select(ActivationCode.id).where(ActivationCode.id != row.id)) is None


def test_viewer_cannot_generate_codes(app, ctx, city, login):
    viewer = As(login, "branch_viewer")

    resp = viewer.post("/admin/activation_code/generate/",
                       data={"org": str(city.branch_a1a.id), "days": "7"})

    assert resp.status_code == 302
    assert ctx.scalar(select(ActivationCode.id)) is None


def test_activation_in_the_portal_registers_the_applicant_and_logs_in(app, ctx, city, login):
    code = generate(As(login, "branch_admin"), city.branch_a1a.id)
    client = portal_client(app)

    resp = activate(client, code)

    assert resp.status_code == 302 and resp.headers["Location"].endswith("/portal/")
    home = client.get("/portal/").get_data(as_text=True)
    assert "李申请" in home and "提交入党申请书" in home
    person = ctx.execute(select(Person).where(Person.name == "李申请")).scalar_one()
    assert person.org_id == city.branch_a1a.id and person.stage == "applicant"


def test_activation_without_csrf_token_is_refused(app, ctx, city, login):
    code = generate(As(login, "branch_admin"), city.branch_a1a.id)
    client = portal_client(app)

    resp = client.post("/portal/activate", csrf=False, data={"code": code})

    assert resp.status_code == 400
    assert ctx.scalar(select(Person.id).where(Person.name == "李申请")) is None


def test_too_many_failed_activations_from_one_ip_are_refused_even_with_a_good_code(
        app, ctx, city, login):
    from actions.portal.accounts import IP_LIMIT

    code = generate(As(login, "branch_admin"), city.branch_a1a.id)
    client = portal_client(app)
    for i in range(IP_LIMIT):
        activate(client, f"AAAA-CCCC-{i:04d}", ip="10.5.5.5")

    resp = activate(client, code, ip="10.5.5.5")

    assert "尝试次数过多" in resp.get_data(as_text=True)
    assert ctx.scalar(select(Person.id).where(Person.name == "李申请")) is None


def test_export_of_the_history_holds_neither_code_nor_digest(app, ctx, city, login):
    admin = As(login, "branch_admin")
    code = generate(admin, city.branch_a1a.id, note="导出")
    digest = ctx.execute(select(ActivationCode.code_digest)).scalar_one()

    body = admin.get("/admin/activation_code/export/csv/").get_data(as_text=True)

    assert "导出" in body and "入党申请人" in body and "未使用" in body
    assert code.replace("-", "") not in body and code not in body and digest not in body


def test_code_for_an_id_number_outside_the_branch_is_refused_at_the_field(app, ctx, city, login):
    from tests import factories as f

    other = f.make_person(ctx, city.branch_a1b, name="外支部党员", stage="full")
    admin = As(login, "committee_admin")

    resp = admin.post("/admin/activation_code/generate/",
                      data={"org": str(city.branch_a1a.id), "days": "7",
                            "member": other.id_number})

    body = resp.get_data(as_text=True)
    assert "该党支部没有登记此身份证号码的人员" in body and 'id="issued-code"' not in body
    assert ctx.scalar(select(ActivationCode.id)) is None


def test_activation_is_audited_in_the_typed_name(app, ctx, city, login):
    from models import AuditLog

    activate(portal_client(app), generate(As(login, "branch_admin"), city.branch_a1a.id))

    entry = ctx.execute(select(AuditLog).where(AuditLog.object_type == "person")).scalar_one()
    assert entry.username == "门户：李申请" and entry.org_path == city.branch_a1a.path


def test_portal_login_answers_unknown_number_wrong_password_and_lock_identically(
        app, ctx, city, login):
    from datetime import date

    from actions.portal.accounts import BAD_LOGIN, MAX_FAILURES
    from tests import factories as f
    from tests.web.portal_flow import PASSWORD
    from tests.web.test_login import _normalized

    number = f.id_number(date(1998, 1, 2))
    resp = activate(portal_client(app), generate(As(login, "branch_admin"), city.branch_a1a.id),
                    number)
    assert resp.status_code == 302

    def answer(id_number, password):
        client = app.test_client()
        client.fetch_csrf("/portal/login")
        resp = client.post("/portal/login", data={"id_number": id_number, "password": password})
        return _normalized(resp, id_number)

    unknown = answer(f.id_number(date(1990, 3, 7)), "nope12345")
    wrong = answer(number, "nope12345")
    for _ in range(MAX_FAILURES - 1):
        answer(number, "nope12345")
    locked_right = answer(number, PASSWORD)

    assert BAD_LOGIN in unknown[2]
    assert unknown == wrong == locked_right
