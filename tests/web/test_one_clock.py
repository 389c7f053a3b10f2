"""The platform's day is Beijing's, whatever the server's own zone; times are shown in it."""
import pathlib
import re
import time
from datetime import date, datetime, timezone

import pytest

from actions import clock
from models import Activity
from tests import factories as f

ROOT = pathlib.Path(__file__).resolve().parents[2]
# 01:00 on 2 December in Beijing is still 1 December on a server that runs in UTC.
BEIJING_1AM = datetime(2026, 12, 1, 17, 0, tzinfo=timezone.utc)


@pytest.fixture
def server_in_utc_at_1am_beijing(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(clock, "now", lambda: BEIJING_1AM.astimezone(clock.zone()))
    yield
    monkeypatch.undo()
    time.tzset()


def test_today_is_the_day_in_beijing_not_the_servers(server_in_utc_at_1am_beijing):
    assert time.strftime("%Z") == "UTC"
    assert clock.today() == date(2026, 12, 2)


def test_an_activity_dated_today_in_beijing_is_accepted_at_1am(app, ctx, city, login,
                                                              server_in_utc_at_1am_beijing):
    person = f.make_person(ctx, city.branch_a1a)
    client = login("branch_operator")

    client.post(f"/admin/activity_record/new/?person_id={person.id}",
                data={"person": str(person.id), "title": "主题党日", "held_on": "2026-12-02"})

    assert ctx.query(Activity).filter_by(title="主题党日").one().held_on == date(2026, 12, 2)


def test_an_activity_dated_tomorrow_in_beijing_is_refused(app, ctx, city, login,
                                                          server_in_utc_at_1am_beijing):
    person = f.make_person(ctx, city.branch_a1a)
    client = login("branch_operator")

    resp = client.post(f"/admin/activity_record/new/?person_id={person.id}",
                       data={"person": str(person.id), "title": "主题党日", "held_on": "2026-12-03"})

    assert "不能晚于今天" in resp.get_data(as_text=True)
    assert ctx.query(Activity).count() == 0


def test_a_stored_utc_time_is_shown_in_beijing_to_the_second():
    stored = datetime(2026, 12, 1, 21, 5, 1, 642924)

    assert clock.format_time(stored) == "2026-12-02 05:05:01"
    assert clock.format_time(stored, seconds=False) == "2026-12-02 05:05"


def test_details_pages_show_times_in_beijing_without_microseconds(app, ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a)
    person.created_at = datetime(2026, 12, 1, 21, 5, 1, 642924)
    ctx.commit()
    client = login("branch_admin")

    html = client.get(f"/admin/direct_member/details/?id={person.id}").get_data(as_text=True)

    assert "2026-12-02 05:05:01" in html and "642924" not in html


def test_no_code_takes_the_servers_own_day_or_time():
    pattern = re.compile(r"date\.today\(\)|datetime\.(now|utcnow|today)\(\)|\butcnow\(\)\.date\(\)")
    offenders = []
    for folder in ("actions", "views", "models", "admin_app"):
        for path in (ROOT / folder).rglob("*.py"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}")

    assert offenders == [], offenders
