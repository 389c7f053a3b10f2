"""A branch secretary opens a development page, reads the lights and fixes a red step."""
from __future__ import annotations

import pytest

from actions.development import records
from tests import factories as f
from tests.web.dev_flow import m

pytestmark = pytest.mark.browser

GREEN, RED, GREY = "rgb(40, 167, 69)", "rgb(220, 53, 69)", "rgb(173, 181, 189)"


def colour(page, step: int) -> str:
    return page.locator(f"#step-{step} .light").first.evaluate(
        "el => getComputedStyle(el).backgroundColor")


def test_development_page_shows_lights_and_a_recorded_talk_turns_its_step_green(
        ctx, city, page, browser_login):
    p = f.make_person(ctx, city.branch_a1a, name="灯光甲", stage="applicant")
    letter = records.create_record(ctx, city.branch_admin, p, "application", {"on_date": m(-3)})
    records.review_application(ctx, city.branch_admin, letter, True)

    browser_login("branch_admin")
    page.goto("/admin/dev_applicant/")
    page.click("text=灯光甲")
    page.wait_for_selector("#step-1")

    assert (colour(page, 1), colour(page, 2), colour(page, 3)) == (GREEN, RED, GREY)
    assert "收到入党申请书后一个月内未谈话" in page.locator("#step-2").inner_text()
    assert "第七条" in page.locator("#step-2").inner_text()

    page.click("#step-2 a.add-record[data-kind=talk]")
    page.fill("#on_date", m(-3, 10).isoformat())
    page.fill("#host", "王书记")
    page.fill("#content", "了解入党动机")
    page.click("#record-form button[type=submit]")
    page.wait_for_selector("#step-2[data-light=green]")

    assert colour(page, 2) == GREEN
    assert "了解入党动机" in page.locator("#step-2").inner_text()
    page.screenshot(path="tests/artifacts/development_page.png", full_page=True)
