"""Portal forms: a refused value is shown at its field, typed values stay, nothing is written."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from actions.security.hostile import REFUSED_FIELD
from models import DevRecord, Person, PortalAccount
from tests import factories as f
from tests.web.dev_flow import As
from tests.web.portal_flow import PASSWORD, applicant, generate, portal_client


def at_field(html: str, name: str, message: str) -> bool:
    """`message` is shown inside the form group of the control named `name`."""
    m = re.search(rf'<(input|textarea)\b[^>]*\bname="{name}"', html)
    if not m:
        return False
    group = html[m.start():html.find("</div>\n</div>", m.start()) + 6]
    return message in group and "invalid-feedback" in group


def test_an_empty_letter_is_refused_at_the_content_field_and_nothing_is_written(
        app, ctx, city, login):
    portal = applicant(app, As(login, "branch_admin"), city.branch_a1a.id)

    resp = portal.post("/portal/doc/new/application", data={"title": "入党申请书",
                                                            "content": "  "})

    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and at_field(html, "content", "请填写内容或上传文件")
    assert 'value="入党申请书"' in html and '<label for="content">' in html
    assert ctx.scalar(select(func.count()).select_from(DevRecord)) == 0


def test_a_hidden_character_in_a_letter_is_refused_at_its_field(app, ctx, city, login):
    portal = applicant(app, As(login, "branch_admin"), city.branch_a1a.id)

    resp = portal.post("/portal/doc/new/application", data={"content": "我志愿\u200b加入"})

    assert resp.status_code == 200
    assert at_field(resp.get_data(as_text=True), "content", REFUSED_FIELD)
    assert ctx.scalar(select(func.count()).select_from(DevRecord)) == 0


def test_a_wrong_phone_number_at_activation_is_refused_at_its_field(app, ctx, city, login):
    code = generate(As(login, "branch_admin"), city.branch_a1a.id)
    client = portal_client(app)

    resp = client.post("/portal/activate", data={
        "code": code, "id_number": f.id_number(date(1998, 1, 2)), "name": "李申请",
        "phone": "123", "password": PASSWORD, "repeat": PASSWORD})

    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and at_field(html, "phone", "请填写11位手机号码")
    assert 'value="李申请"' in html and PASSWORD not in html
    assert ctx.scalar(select(Person.id).where(Person.name == "李申请")) is None
    assert ctx.scalar(select(func.count()).select_from(PortalAccount)) == 0


def test_a_failed_login_names_neither_field_and_keeps_the_typed_number(app, ctx, city):
    client = app.test_client()
    client.fetch_csrf("/portal/login")
    number = f.id_number(date(1990, 3, 7))

    resp = client.post("/portal/login", data={"id_number": number, "password": "nope12345"})

    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "身份证号码或密码错误" in html
    assert "is-invalid" not in html and f'value="{number}"' in html
    assert '<label for="id_number">身份证号码</label>' in html
