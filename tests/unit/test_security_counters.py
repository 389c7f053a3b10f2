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
    """Wraps a password check and counts, from any thread, the guesses it evaluates: checks
    against an account's hash, not the dummy checks that only spend the same time."""

    def __init__(self, fn):
        self.fn, self.calls, self.lock = fn, 0, threading.Lock()

    def __call__(self, *args, **kwargs):
        if not args or args[0] != users._DUMMY_HASH:
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
        assert [r[1] for r in results] == [users.BAD_LOGIN] * BURST
        try:
            users.authenticate(ctx, "branch_admin", f.PASSWORD)
        except RuleViolation as err:
            assert err.message == users.BAD_LOGIN
        else:
            raise AssertionError("the right password worked straight after the burst")
        ctx.expire_all()
        assert ctx.get(User, uid).locked_until is not None
        ctx.execute(update(User).where(User.id == uid).values(failed_logins=0, locked_until=None))
        ctx.commit()


def test_unknown_user_wrong_password_and_locked_account_get_the_same_message(ctx, city,
                                                                            monkeypatch):
    checks = []
    real = users.check_password_hash
    monkeypatch.setattr(users, "check_password_hash",
                        lambda h, p: checks.append(h) or real(h, p))
    messages = []
    names = ["nobody_here"] + ["branch_admin"] * users.MAX_FAILURES + ["branch_admin"]
    passwords = ["wrong-pass9"] * (1 + users.MAX_FAILURES) + [f.PASSWORD]  # the last: locked
    for name, password in zip(names, passwords):
        try:
            users.authenticate(ctx, name, password)
        except RuleViolation as err:
            messages.append((err.message, err.field))

    assert messages == [(users.BAD_LOGIN, "password")] * len(names)
    # Every failure hashed once: the unknown user and the locked account against a dummy.
    assert len(checks) == len(names)
    assert checks[0] == checks[-1] == users._DUMMY_HASH
    assert users._DUMMY_HASH not in checks[1:-1]


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
