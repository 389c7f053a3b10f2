"""An administrator builds, saves and reruns a statistics table, and runs a query in 辖区 mode."""
import pytest

from tests import factories as f

pytestmark = pytest.mark.browser


def test_administrator_saves_a_cross_table_and_reopens_it(ctx, city, page, browser_login):
    f.make_person(ctx, city.branch_a1a, "李四")
    f.make_person(ctx, city.branch_a1b, "王芳", male=False)

    browser_login("district_admin")
    page.goto("/admin/stat_table/")
    page.fill("#name", "甲区性别统计")
    page.select_option("#row", "org")
    page.select_option("#col", "sex")
    page.click("#run-btn")
    assert page.locator("#grand-total").inner_text() == "2"
    page.wait_for_selector("#stat-chart[data-drawn='1'] svg", state="attached")  # ECharts
    assert page.locator("#stat-chart svg path").count() >= 1
    page.click("#save-new-btn")
    page.wait_for_url("**/admin/stat_table/?id=*")
    page.screenshot(path="tests/artifacts/stat_table.png", full_page=True)

    page.goto("/admin/stat_table/")
    page.click("#saved-tables >> text=甲区性别统计")
    assert page.locator("#stat-table tfoot").inner_text().split() == ["合计", "1", "1", "2"]


def test_jurisdiction_mode_disables_the_organisation_picker(ctx, city, page, browser_login):
    f.make_person(ctx, city.branch_a1a, "李四")

    browser_login("committee_admin")
    page.goto("/admin/person_query/")
    page.fill("#org_code", city.branch_a1a.code)
    page.check("#mode_all")
    assert page.locator("#org_code").is_disabled()
    page.click("button[value=all]")
    assert "李四" in page.locator("#query-results").inner_text()
    page.screenshot(path="tests/artifacts/person_query.png", full_page=True)
