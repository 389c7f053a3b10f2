"""Every message Chinese and specific: the project's catalogues replace Flask-Admin's and WTForms'
English, the browser's own validation speaks Chinese, the loser of a save race is told why."""
from __future__ import annotations

import gettext
import io
import os

from sqlalchemy.exc import IntegrityError

from admin_app import translations


def test_compiled_catalogues_are_committed_and_match_their_sources():
    for domain in translations.DOMAINS:
        mo = translations.po_path(domain)[:-3] + ".mo"
        assert os.path.exists(mo), mo
        with open(mo, "rb") as fh:
            shipped = gettext.GNUTranslations(fh)._catalog
        fresh = gettext.GNUTranslations(io.BytesIO(translations.compiled(domain)))._catalog
        shipped.pop("", None)
        fresh.pop("", None)
        assert shipped == fresh, f"{domain}.mo is stale: run python -m admin_app.translations"
        assert len(fresh) >= 2


def test_catalogues_are_package_data_so_an_installed_wheel_has_them():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(root, "pyproject.toml"), encoding="utf-8") as fh:
        assert '"translations/**/*"' in fh.read()


def test_a_refused_create_says_so_in_chinese_not_failed_to_create_record(city, login):
    client = login("branch_admin")

    resp = client.post("/admin/user/new/", data={"username": "", "role": "operator"})
    html = resp.get_data(as_text=True)

    assert "Failed to" not in html and "保存失败，请检查标红的项目" in html
    assert "Not a valid choice" not in html


def test_an_org_outside_the_list_is_refused_in_chinese(city, login):
    client = login("branch_admin")

    html = client.post("/admin/user/new/", data={
        "username": "new_one", "org": "999999", "role": "operator", "password": "abc12345",
    }).get_data(as_text=True)

    assert "Not a valid choice" not in html and "请选择" in html


def test_browser_validation_messages_come_from_a_local_chinese_script(city, client, login):
    script = client.get("/static/js/validity.js")
    pages = [client.get("/login").get_data(as_text=True),
             client.get("/portal/login").get_data(as_text=True),
             login("branch_admin").get("/admin/").get_data(as_text=True)]

    body = script.get_data(as_text=True)
    assert script.status_code == 200 and "setCustomValidity" in body and "请填写" in body
    assert all("js/validity.js" in page for page in pages)


def test_loser_of_a_save_race_is_told_the_record_was_just_saved(app, city, login, monkeypatch):
    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == "user")

    def lost(form):
        raise IntegrityError("INSERT", {}, Exception("unique"))

    monkeypatch.setattr(view, "create_record", lost)
    client = login("branch_admin")

    html = client.post("/admin/user/new/", data={
        "username": "race_one", "org": str(city.branch_a1a.id), "role": "operator",
        "password": "abc12345"}).get_data(as_text=True)

    assert "刚刚已被保存" in html and "系统错误" not in html


def test_double_registration_of_a_person_names_the_id_number(app, city, login):
    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == "direct_member")

    class Form:
        class id_number:  # noqa: N801 - stands in for a form field
            data = "430102198005171234"

    with app.test_request_context():
        message = view.race_lost_message(Form)

    assert "430102198005171234" in message and "刚刚已被登记" in message
