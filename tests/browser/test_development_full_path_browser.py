"""One applicant, from activation code to full member, through the admin screens and the portal.

The paper file is entered afterwards, so every record is dated back; the letter submitted in the
portal is dated the day it arrives and the branch corrects it to the paper receipt date.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from actions.development.dates import add_months
from models import DevSubmission, Person
from tests import factories as f
from tests.web.dev_flow import PDF, PNG, m, monday_on_or_after

pytestmark = pytest.mark.browser


class Branch:
    """The branch administrator's browser tab on one person's development file."""

    def __init__(self, page, pid):
        self.page, self.pid = page, pid

    def open(self):
        self.page.goto(f"/admin/development/person/{self.pid}")

    def add(self, kind, **values) -> str:
        page = self.page
        page.goto(f"/admin/development/person/{self.pid}/record/{kind}")
        for name, value in values.items():
            field = page.locator(f"#record-form #{name}")
            text = value.isoformat() if isinstance(value, date) else str(value)
            if field.evaluate("e => e.tagName") == "SELECT":
                if name == "related_person_id":
                    field.select_option(label=text)
                else:
                    field.select_option(text)
            else:
                field.fill(text)
        page.click("#record-form button[type=submit]")
        page.wait_for_url(f"**/person/{self.pid}*")
        assert "alert-danger" not in page.content() or "step-warning" in page.content()
        return page.locator(f".dev-record[data-kind={kind}]").last.get_attribute("id")

    def attach(self, record_id, name, data):
        box = self.page.locator(f"#{record_id}")
        box.locator("input[type=file]").set_input_files(
            {"name": name, "mimeType": "application/octet-stream", "buffer": data})
        box.locator("form[action$=attach] button").click()
        self.page.wait_for_selector(f"#{record_id} >> text={name}")

    def submit(self, kind, explanation=None, dues=None):
        page = self.page
        self.open()
        page.click(f"a.submit-btn[data-kind={kind}]")
        if dues:
            page.fill("#dues_monthly", dues)
        if page.locator("#explanation").count():
            page.fill("#explanation", explanation or "纸质档案补录")
        page.click("#confirm-submit")
        page.wait_for_url(f"**/person/{self.pid}")


def decide(committee, ctx, pid, kind, on):
    ctx.expire_all()
    sub = ctx.execute(select(DevSubmission).where(DevSubmission.person_id == pid,
                                                  DevSubmission.kind == kind,
                                                  DevSubmission.status == "pending")).scalar_one()
    committee.goto(f"/admin/dev_queue/{sub.id}")
    committee.fill("#decided_on", on.isoformat())
    with committee.expect_navigation():
        committee.click("form:has(#decided_on) button[type=submit]")
    assert committee.url.endswith("/admin/dev_queue/"), committee.locator(".alert").all_inner_texts()
    ctx.expire_all()
    assert ctx.get(DevSubmission, sub.id).status == "approved"


def test_one_applicant_goes_from_activation_code_to_full_member(browser, live_server, ctx, city,
                                                                page, browser_login):
    f.make_person(ctx, city.branch_a1a, name="联系人甲")
    f.make_person(ctx, city.branch_a1a, name="介绍人乙")
    browser_login("branch_admin")
    page.goto("/admin/activation_code/")
    page.click("#generate-code")
    page.fill("#note", "全程申请人")
    page.click("#do-generate")
    code = page.locator("#issued-code").inner_text().strip()

    phone = browser.new_context(base_url=live_server, locale="zh-CN",
                                viewport={"width": 390, "height": 844}, is_mobile=True)
    committee_ctx = browser.new_context(base_url=live_server, locale="zh-CN",
                                        viewport={"width": 1400, "height": 900})
    try:
        mobile = phone.new_page()
        mobile.goto("/portal/activate")
        mobile.fill("#code", code)
        mobile.fill("#id_number", f.id_number(date(1996, 6, 1)))
        mobile.fill("#name", "全程申请人")
        mobile.fill("#phone", "13900000001")
        mobile.fill("#password", "abc12345")
        mobile.fill("#repeat", "abc12345")
        mobile.click("#do-activate")
        mobile.click("a.new-doc[data-kind=application]")
        mobile.fill("#content", "我志愿加入中国共产党")
        mobile.click("#do-submit")
        mobile.wait_for_selector(".doc[data-status=submitted]")
        pid = ctx.execute(select(Person.id).where(Person.name == "全程申请人")).scalar_one()

        committee = committee_ctx.new_page()
        committee.goto("/login")
        committee.fill("#username", "committee_admin")
        committee.fill("#password", "pass1234")
        committee.click("form:has(#username) button[type=submit]")
        committee.wait_for_url("**/admin/")

        b = Branch(page, pid)
        # Stage 1: the branch approves the portal letter and dates it as received on paper.
        b.open()
        page.locator(".dev-record[data-kind=application] button[value=approve]").click()
        page.wait_for_selector(".dev-record[data-kind=application] >> text=审核通过")
        page.locator(".dev-record[data-kind=application] a:has-text('编辑')").click()
        page.fill("#record-form #on_date", m(-30).isoformat())
        page.click("#record-form button[type=submit]")
        page.wait_for_url(f"**/person/{pid}*")
        b.add("talk", on_date=m(-30, 10), host="王书记", content="谈话")
        # Stage 2.
        b.add("recommendation", on_date=m(-28, -5), result="党员推荐")
        b.add("committee_activist", on_date=m(-28), result="同意", content="确定")
        b.submit("activist_filing")
        decide(committee, ctx, pid, "activist_filing", m(-28, 5))
        b.add("contact", on_date=m(-28, 6), related_person_id="联系人甲（正式党员）")
        for months in (-27, -21, -17):
            b.add("inspection", on_date=m(months), content="表现良好")
        for kind in ("group_opinion", "contact_opinion", "public_opinion"):
            b.add(kind, on_date=m(-16, -5), content="同意")
        b.add("committee_target", on_date=m(-16), result="同意")
        b.submit("target_filing")
        decide(committee, ctx, pid, "target_filing", m(-16, 3))
        # Stage 3.
        b.add("introducer", on_date=m(-16, 5), related_person_id="联系人甲（正式党员）")
        b.add("introducer", on_date=m(-16, 5), related_person_id="介绍人乙（正式党员）")
        b.add("political_review", on_date=m(-16, 10), result="合格")
        b.add("training", on_date=m(-16, 15), end_date=m(-16, 19), days=5, result="已结业")
        start = monday_on_or_after(m(-15))
        notice = b.add("public_notice", on_date=start, end_date=start + timedelta(days=4),
                       scope="全单位", result="无异议")
        b.attach(notice, "公示.pdf", PDF)
        b.add("committee_review", on_date=start + timedelta(days=7), result="同意")
        b.open()
        assert page.locator("a.submit-btn[data-kind=approval]").count() == 0  # not before prereview
        b.submit("prereview")
        passed = start + timedelta(days=14)
        decide(committee, ctx, pid, "prereview", passed)
        # Stage 4.
        b.add("volunteer_form", on_date=passed + timedelta(days=3))
        meeting = passed + timedelta(days=14)
        b.add("branch_meeting", on_date=meeting, expected=10, present=9, votes_for=9,
              votes_against=0, votes_abstain=0, result="同意接收为预备党员", content="全票通过")
        b.add("approval_talk", on_date=meeting + timedelta(days=7), host="组织员")
        b.submit("approval", dues="12.50")
        approved = meeting + timedelta(days=20)
        decide(committee, ctx, pid, "approval", approved)
        # Stage 5.
        b.add("dept_filing", on_date=approved + timedelta(days=10))
        b.add("placement", on_date=approved + timedelta(days=2))
        oath = b.add("oath", on_date=approved + timedelta(days=5))
        b.attach(oath, "宣誓.png", PNG)
        for months in (3, 9):
            b.add("probation_inspection", on_date=add_months(meeting, months), content="表现良好")
        end = add_months(meeting, 12)
        letter = b.add("full_application", on_date=add_months(meeting, 11))
        page.locator(f"#{letter} button[value=approve]").click()
        page.wait_for_selector(f"#{letter} >> text=审核通过")
        for kind in ("introducer_opinion", "conversion_group_opinion", "conversion_public_opinion"):
            b.add(kind, on_date=end - timedelta(days=5), content="同意转正")
        b.add("conversion_committee", on_date=end - timedelta(days=3), result="同意")
        b.add("conversion_meeting", on_date=end + timedelta(days=5), expected=10, present=8,
              votes_for=8, votes_against=0, votes_abstain=0, result="按期转正", content="同意")
        b.submit("conversion")
        decide(committee, ctx, pid, "conversion", end + timedelta(days=15))
        b.add("archive", on_date=end + timedelta(days=20), content="材料齐全")

        b.open()
        page.screenshot(path="tests/artifacts/development_full_member.png", full_page=True)
        ctx.expire_all()
        p = ctx.get(Person, pid)
        assert (p.stage, p.full_on) == ("full", end)
        lights = page.locator(".dev-step").evaluate_all(
            "els => els.map(e => e.dataset.light)")
        assert lights == ["green"] * 25
        mobile.goto("/portal/")
        assert "正式党员" in mobile.content()
    finally:
        phone.close()
        committee_ctx.close()
