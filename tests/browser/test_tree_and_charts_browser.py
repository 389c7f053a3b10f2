"""The organisation tree opens on demand and finds a path; the home page and the summary draw
their charts; the grouped menu fits one row at 1366 px."""
import pytest

from tests import factories as f

pytestmark = pytest.mark.browser


def test_the_tree_loads_children_when_opened_and_search_opens_the_path(ctx, city, page,
                                                                      browser_login):
    f.make_person(ctx, city.branch_a1a, "李四")
    browser_login("district_admin")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/admin/orgtree/")

    committee = page.locator(f'#org-tree li[data-id="{city.committee_a1.id}"]')
    committee.wait_for()
    assert page.locator(f'#org-tree li[data-id="{city.branch_a1a.id}"]').count() == 0
    committee.locator(":scope > .tree-toggle").click()
    page.locator(f'#org-tree li[data-id="{city.branch_a1a.id}"]').wait_for()
    assert "含下级 1 人" in committee.inner_text()
    committee.locator(":scope > .tree-toggle").click()  # closes again

    page.goto("/admin/orgtree/")
    page.fill("#tree-q", "wkzb")  # 外科支部, by pinyin initials
    page.press("#tree-q", "Enter")
    found = page.locator(f'#org-tree li.tree-found[data-id="{city.branch_a1b.id}"]')
    found.wait_for()
    assert "已找到" in page.inner_text("#tree-status")
    page.screenshot(path="tests/artifacts/org_tree.png")


def test_home_page_and_summary_draw_their_charts_and_the_menu_fits_one_row(ctx, city, page,
                                                                          browser_login):
    f.make_person(ctx, city.branch_a1a, "李四")
    f.make_person(ctx, city.branch_a1b, "王芳", male=False)
    browser_login("city_admin")
    page.set_viewport_size({"width": 1366, "height": 768})

    page.goto("/admin/")
    page.wait_for_selector("#chart-stages[data-drawn='1'] svg", state="attached")
    drawn = page.locator("#home-charts .echart[data-drawn='1']").count()
    charts = page.locator("#home-charts .echart").count()
    menu_height = page.evaluate(
        "document.getElementById('main-menu').getBoundingClientRect().height")
    page.goto("/admin/stat_summary/?run=1&object=direct&row=sex&chart=pie")
    page.wait_for_selector("#stat-chart[data-drawn='1'] svg", state="attached")

    assert drawn == charts >= 4
    assert menu_height < 60
    assert page.locator("[data-export=png]").count() == 1
    assert page.locator("[data-export=svg]").count() == 1
    with page.expect_download() as download:
        page.click("[data-export=svg]")
    assert download.value.suggested_filename.endswith(".svg")
