"""Every POST needs the CSRF token: login, forms, actions and inline edits."""
from tests import factories as f


def test_login_without_token_is_refused(city, client):
    resp = client.post("/login", data={"username": "branch_admin", "password": f.PASSWORD})

    assert resp.status_code == 400
    assert "安全校验未通过，请刷新页面后重试" in resp.get_data(as_text=True)


def test_admin_create_action_and_inline_edit_without_token_are_refused(ctx, city, login):
    client = login("district_admin")
    person = f.make_person(ctx, city.branch_a1b)
    posts = [
        ("/admin/organization/new/", {"name": "x"}),
        ("/admin/direct_member/action/", {"action": "delete", "rowid": str(person.id)}),
        ("/admin/direct_member/ajax/update/", {"list_form_pk": str(person.id), "name": "x"}),
        ("/admin/direct_member/delete/", {"id": str(person.id)}),
    ]

    statuses = [client.post(url, data=data, csrf=False).status_code for url, data in posts]

    assert statuses == [400, 400, 400, 400]
