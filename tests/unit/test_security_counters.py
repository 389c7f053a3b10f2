"""Login and activation limits hold when many guesses arrive at once (threads, own connections).

These use atomic updates, not row locks, so they run on SQLite and PostgreSQL alike.
"""
from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import update

from actions import users
from actions.errors import RuleViolation
from actions.portal import accounts, codes
from actions.security import captcha
from models import PortalAccount, User
from tests import factories as f
from tests.concurrency import run_at_once

BURST = 30
ROUNDS = 3
SECRET = "test-secret"


def burst(app, n, job):
    """Run job(session) n times at once, each on its own connection; return the outcomes."""
    barrier = threading.Barrier(n, timeout=30)
    return run_at_once(app, [job] * n, prepare=lambda session: barrier.wait(), ok="ok",
                       expected={RuleViolation: "refused"})


class Counter:
    """Wraps a function and counts its calls from any thread."""

    def __init__(self, fn):
        self.fn, self.calls, self.lock = fn, 0, threading.Lock()

    def __call__(self, *args, **kwargs):
        with self.lock:
            self.calls += 1
        return self.fn(*args, **kwargs)


def test_thirty_wrong_passwords_at_once_evaluate_at_most_five_and_lock_the_account(
        app, ctx, city, monkeypatch):
    counter = Counter(users.check_password_hash)
    monkeypatch.setattr(users, "check_password_hash", counter)
    uid = city.branch_admin.id
    for round_ in range(ROUNDS):
        counter.calls = 0
        results = burst(app, BURST, lambda s: users.authenticate(s, "branch_admin", "wrong-pass9"))

        assert [r for r in results if r[0] == "error"] == []
        assert counter.calls <= users.MAX_FAILURES, (round_, counter.calls)
        assert counter.calls == users.MAX_FAILURES
        assert sum("锁定" in r[1] for r in results) >= BURST - users.MAX_FAILURES + 1
        try:
            users.authenticate(ctx, "branch_admin", f.PASSWORD)
        except RuleViolation as err:
            assert "锁定" in err.message
        else:
            raise AssertionError("the right password worked straight after the burst")
        ctx.execute(update(User).where(User.id == uid).values(failed_logins=0, locked_until=None))
        ctx.commit()


def test_unknown_user_and_wrong_password_get_the_same_message(ctx, city):
    messages = []
    for name in ("branch_admin", "nobody_here"):
        try:
            users.authenticate(ctx, name, "wrong-pass9")
        except RuleViolation as err:
            messages.append(err.message)

    assert len(messages) == 2 and messages[0] == messages[1] == users.BAD_LOGIN


def test_right_password_after_four_wrong_ones_logs_in_and_clears_the_counter(ctx, city):
    for _ in range(users.MAX_FAILURES - 1):
        try:
            users.authenticate(ctx, "branch_admin", "wrong-pass9")
        except RuleViolation:
            pass
    user = users.authenticate(ctx, "branch_admin", f.PASSWORD)

    assert user.failed_logins == 0 and user.locked_until is None


def _portal_account(ctx, city):
    person = f.make_person(ctx, city.branch_a1a, name="门户甲", stage="full")
    issued = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7,
                            id_number=person.id_number)
    accounts.activate(ctx, SECRET, "10.0.0.1", issued.code, person.id_number, "门户甲",
                      "13800000000", f.PASSWORD, f.PASSWORD)
    return person


def test_thirty_wrong_portal_passwords_at_once_evaluate_at_most_five(app, ctx, city, monkeypatch):
    number = _portal_account(ctx, city).id_number
    counter = Counter(accounts.check_password_hash)
    monkeypatch.setattr(accounts, "check_password_hash", counter)
    for round_ in range(ROUNDS):
        counter.calls = 0
        results = burst(app, BURST,
                        lambda s: accounts.authenticate(s, number, "wrong-pass9"))

        assert [r for r in results if r[0] == "error"] == []
        assert counter.calls == accounts.MAX_FAILURES, (round_, counter.calls)
        ctx.execute(update(PortalAccount).values(failed_logins=0, locked_until=None))
        ctx.commit()


def test_thirty_wrong_activation_codes_at_once_check_at_most_the_ip_limit(app, ctx, city,
                                                                          monkeypatch):
    counter = Counter(accounts._activate)
    monkeypatch.setattr(accounts, "_activate", counter)
    for round_ in range(ROUNDS):
        counter.calls = 0
        ip = f"10.7.0.{round_}"
        wrong = iter(f"WRONG{round_}{i:03d}" for i in range(BURST))
        lock = threading.Lock()

        def attempt(s, ip=ip, wrong=wrong, lock=lock):
            with lock:
                code = next(wrong)
            return accounts.activate(s, SECRET, ip, code, f.id_number(date(1998, 1, 2)),
                                     "李申请", "13800000000", f.PASSWORD, f.PASSWORD)

        results = burst(app, BURST, attempt)

        assert [r for r in results if r[0] == "error"] == []
        assert counter.calls <= accounts.IP_LIMIT, (round_, counter.calls)
        assert sum("次数过多" in r[1] for r in results) >= BURST - accounts.IP_LIMIT


def test_one_captcha_answered_by_many_requests_at_once_is_accepted_by_one_only(app, ctx):
    for _ in range(ROUNDS):
        cid = captcha.issue(ctx, "d" * 64)
        results = burst(app, 10, lambda s, cid=cid: captcha.consume(s, cid))

        assert [r for r in results if r[0] == "error"] == []
        assert sorted(r[1] is not None for r in results) == [False] * 9 + [True]
