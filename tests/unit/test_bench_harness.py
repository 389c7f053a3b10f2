"""The pure parts of the HTTP benchmarks: percentiles, tables, the URLs timed, sessions."""
from __future__ import annotations

import pytest

from bench import client, http_bench, load_test, report
from bench.live import Target
from bench.report import _width


def test_percentile_interpolates_between_closest_ranks():
    values = [float(x) for x in range(1, 21)]

    assert report.percentile(values, 50) == pytest.approx(10.5)
    assert report.percentile(values, 95) == pytest.approx(19.05)
    assert report.percentile(values, 0) == 1.0
    assert report.percentile(values, 100) == 20.0
    assert report.percentile([7.0], 99) == 7.0


def test_percentile_ignores_input_order_and_refuses_no_values():
    assert report.percentile([5.0, 1.0, 3.0], 50) == 3.0
    with pytest.raises(ValueError):
        report.percentile([], 50)


def test_table_aligns_chinese_labels_and_shows_the_ratio_plain_over_ours():
    rows = [
        {"user": "demo_city", "page": "直管党员 first page", "ours": [10.0, 20.0, 30.0],
         "plain": [60.0, 60.0, 60.0], "errors": 0},
        {"user": "demo_branch", "page": "home page", "ours": [250.0, 150.0], "plain": None,
         "errors": 2},
    ]

    text = report.table("sqlite", rows)

    lines = text.splitlines()
    assert lines[0] == "sqlite"
    assert len({_width(line) for line in lines[1:]}) == 1
    first, second = lines[3].split(), lines[4].split()
    assert first[-2:] == ["3.0×", "0"]
    assert "20.0" in first and "60.0" in first
    assert second[-2:] == ["—", "2"] and "200" in second


def test_csrf_token_is_read_from_the_hidden_field_in_any_attribute_order():
    page = ('<form><input id="csrf_token" name="csrf_token" type="hidden" '
            'value="Ij&amp;abc.def"><input name="username"></form>')

    assert client.csrf_token(page) == "Ij&abc.def"
    with pytest.raises(RuntimeError):
        client.csrf_token("<form></form>")


def test_read_only_targets_never_open_the_database_for_writing():
    sqlite = Target(instance_path="/data/city", read_only=True)
    pg = Target(database_url="postgresql+psycopg://u@h/db", read_only=True)

    assert sqlite.url() == "sqlite:///file:/data/city/party.db?immutable=1&uri=true"
    assert pg.url().endswith("?options=-c%20default_transaction_read_only%3Don")
    env = sqlite.server_env("/tmp/scratch")
    assert env["INSTANCE_PATH"] == "/tmp/scratch" and env["CAPTCHA"] == "off"
    assert Target(instance_path="/data/city").server_env("/x")["INSTANCE_PATH"] == "/data/city"


@pytest.fixture
def demo(ctx, app):
    from admin_app.demo import seed

    seed.seed(ctx, 300, 42, "demo12345")
    with app.app_context():
        from models import db

        url = db.engine.url.render_as_string(hide_password=False)
    return http_bench.samples(url, per_user=3)


def test_the_urls_timed_search_for_a_direct_member_in_each_users_scope(demo, ctx):
    from models import Organization, Person, User

    for username in http_bench.USERS:
        sample = demo[username][0]
        user = ctx.get(User, sample.user_id)
        person = ctx.get(Person, sample.person_id)
        org = ctx.get(Organization, user.org_id)

        cases = {c.page: c for c in http_bench.cases_for(sample)}

        assert person.org_path.startswith(org.path) and person.id_number == sample.id_number
        assert cases["ID-number search"].ours.endswith(f"?search={person.id_number}")
        assert cases["ID-number search"].expect == person.id_number
        assert cases["member details"].ours == f"/admin/member/?id={person.id}"
        assert cases["sorted by 出生日期"].plain == "/admin/plain_person/?sort=3"
        assert cases["sorted by 入党日期"].ours == "/admin/direct_member/?sort=8"
        assert cases["home page"].plain is None
        assert len(demo[username]) == 3


def test_the_load_mix_is_deterministic_and_only_lists_searches_and_member_pages(demo):
    people = demo["demo_branch"]

    plan = load_test.request_plan(people, seed=3, n=200)

    assert plan == load_test.request_plan(people, seed=3, n=200)
    assert plan != load_test.request_plan(people, seed=4, n=200)
    assert all(u.startswith(("/admin/direct_member/", "/admin/member/?id=")) for u in plan)
    assert any("?search=" in u for u in plan) and any("/admin/member/" in u for u in plan)
    read_only = load_test.request_plan(people, seed=3, n=200, read_only=True)
    assert read_only and not any("/admin/member/" in u for u in read_only)


def test_a_read_only_run_leaves_out_the_member_page_whose_view_is_audited(demo):
    sample = demo["demo_city"][0]

    pages = [c.page for c in http_bench.cases_for(sample, read_only=True)]

    assert "member details" not in pages and "home page" in pages
    assert "member details" in [c.page for c in http_bench.cases_for(sample)]


def test_a_signed_session_for_a_read_only_run_is_accepted_as_logged_in(demo, app):
    sample = demo["demo_district"][0]
    session = client.minted_session("http://127.0.0.1:1", app.config["SECRET_KEY"],
                                    sample.user_id, sample.generation)
    test_client = app.test_client()
    test_client.set_cookie(app.config["SESSION_COOKIE_NAME"],
                           session.cookies[app.config["SESSION_COOKIE_NAME"]])

    resp = test_client.get("/admin/direct_member/", headers={"User-Agent": client.USER_AGENT})
    anonymous = app.test_client().get("/admin/direct_member/")

    assert resp.status_code == 200 and "直管党员" in resp.get_data(as_text=True)
    assert anonymous.status_code == 302


def test_the_plain_view_filter_selects_the_same_rows_as_the_direct_member_list(demo, app):
    from flask_login import login_user

    from bench.plain_app import PlainPersonView, subtree_rows
    from models import Person, User, db
    from views.members.lists import DirectMemberView

    ours = next(v for v in app.extensions["admin"][0]._views if isinstance(v, DirectMemberView)
                and v.endpoint == "direct_member")
    for username in http_bench.USERS:
        with app.test_request_context():
            login_user(db.session.get(User, demo[username][0].user_id))

            plain = {p.id for p in db.session.query(Person).filter(*subtree_rows())}
            listed = {p.id for p in ours.get_query()}

        assert plain == listed and len(plain) > 0
    assert PlainPersonView.column_list == DirectMemberView.column_list
    assert PlainPersonView.column_sortable_list == DirectMemberView.column_sortable_list


def test_the_menu_crawl_keeps_admin_pages_once_and_leaves_out_leaving_and_downloads():
    from bench import every_page

    page = ('<a href="/admin/direct_member/">直管党员</a><a href="/admin/direct_member/">again</a>'
            '<a href="/logout">退出</a><a href="/admin/direct_member/export/csv/">导出</a>'
            '<a href="https://example.org/admin/x/">外部</a><a href="#top">顶部</a>'
            '<a class="nav" href="/admin/org_team/?flt0_1=1&amp;x=2">换届提醒</a>'
            '<a href="/admin/export_jobs/3/download">下载</a><a href="/portal/">门户</a>')

    assert every_page.links(page) == ["/admin/direct_member/", "/admin/org_team/?flt0_1=1&x=2"]


def test_the_export_job_is_followed_from_the_click_to_its_page_and_rows():
    from bench import export_http

    assert export_http.JOB.search("http://h/admin/export_jobs/42/").group(1) == "42"
    assert export_http.ROWS.search("<p>已导出 1200 行，共 1200 行。").groups() == ("1200", "1200")
    text = export_http.summary("sqlite", [
        {"user": "demo_city", "case": "direct_member csv", "rows": 200_000, "ready_s": 9.0,
         "download_s": 1.0, "bytes": 2**20, "total_s": 10.0, "server_cpu_s": 8.5},
        {"user": "demo_district", "case": "direct_member xlsx", "error": "the job did not finish"}])

    assert "5.0" in text.splitlines()[2] and "error: the job did not finish" in text
