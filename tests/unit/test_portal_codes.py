"""Activation codes and activation: random, single use, stored hashed, expiring, rate limited."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from actions import clock
from actions.errors import DomainError, NotInScope, RuleViolation
from actions.portal import accounts, codes
from models import ActivationAttempt, ActivationCode, Person, PortalAccount
from tests import factories as f

SECRET = "test-secret"
PASSWORD = "abc12345"


def activate(session, code, id_number=None, name="李申请", phone="13800000000", ip="10.0.0.1",
             password=PASSWORD, repeat=None):
    return accounts.activate(session, SECRET, ip, code, id_number or f.id_number(date(1998, 1, 2)),
                             name, phone, password, repeat if repeat is not None else password)


def test_generated_code_is_long_unambiguous_and_stored_only_as_keyed_digest(ctx, city):
    issued = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7, "李申请")

    assert len(issued.code) >= 10
    assert not set(issued.code) & set("0O1IL2Z5S8B")
    row = ctx.get(ActivationCode, issued.row.id)
    stored = " ".join(str(getattr(row, c.key)) for c in ActivationCode.__table__.columns)
    assert issued.code not in stored and issued.code[:8] not in stored
    assert row.code_digest == codes.digest(SECRET, issued.code)
    assert row.code_digest != codes.digest("another-secret", issued.code)


def test_codes_are_random(ctx, city):
    seen = {codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7).code
            for _ in range(20)}

    assert len(seen) == 20


@pytest.mark.parametrize("days, field", [("0", "days"), ("91", "days"), ("x", "days")])
def test_bad_expiry_is_refused(ctx, city, days, field):
    with pytest.raises(RuleViolation) as err:
        codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, days)

    assert err.value.field == field


def test_code_cannot_be_generated_for_a_branch_outside_the_jurisdiction(ctx, city):
    with pytest.raises(NotInScope):
        codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1b.id, 7)


def test_activation_creates_applicant_in_the_code_branch_and_uses_the_code(ctx, city):
    issued = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7)

    account = activate(ctx, issued.shown.lower())

    person = ctx.get(Person, account.person_id)
    assert (person.stage, person.org_id, person.name, person.phone) == (
        "applicant", city.branch_a1a.id, "李申请", "13800000000")
    row = ctx.get(ActivationCode, issued.row.id)
    assert (row.state(), row.person_id) == ("activated", person.id)
    assert account.role == "applicant"


def test_a_used_code_cannot_be_activated_again(ctx, city):
    issued = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7)
    activate(ctx, issued.code)

    with pytest.raises(RuleViolation) as err:
        activate(ctx, issued.code, f.id_number(date(1997, 1, 2)), name="王二")

    assert err.value.message == accounts.NEUTRAL


def test_wrong_expired_revoked_and_used_codes_get_one_neutral_message(ctx, city):
    used = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7)
    activate(ctx, used.code, ip="10.0.0.9")
    expired = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 1)
    expired.row.expires_at = expired.row.created_at - timedelta(seconds=1)
    ctx.commit()
    revoked = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7)
    assert codes.revoke(ctx, city.branch_admin, [revoked.row]) == 1
    messages = set()

    for i, code in enumerate(("ACDEFGHJKMNP", expired.code, revoked.code, used.code)):
        with pytest.raises(RuleViolation) as err:
            activate(ctx, code, f.id_number(date(1990, 1, 2 + i)), ip=f"10.1.0.{i}")
        messages.add(err.value.message)

    assert messages == {accounts.NEUTRAL}
    assert ctx.get(ActivationCode, expired.row.id).state() == "expired"
    assert ctx.get(ActivationCode, revoked.row.id).state() == "revoked"


@pytest.mark.parametrize("kwargs, field", [
    ({"id_number": "110101199001011234"}, "id_number"),  # bad checksum
    ({"phone": "12345"}, "phone"),
    ({"name": ""}, "name"),
    ({"password": "short1"}, "password"),
    ({"repeat": "different1"}, "repeat"),
])
def test_bad_activation_input_changes_nothing(ctx, city, kwargs, field):
    issued = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7)

    with pytest.raises(RuleViolation) as err:
        activate(ctx, issued.code, **kwargs)

    assert err.value.field == field
    assert ctx.get(ActivationCode, issued.row.id).state() == "unused"
    assert ctx.scalar(select(PortalAccount.id)) is None


def test_an_applicant_under_eighteen_cannot_activate(ctx, city):
    issued = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7)
    young = clock.today().replace(year=clock.today().year - 17)

    with pytest.raises(RuleViolation) as err:
        activate(ctx, issued.code, f.id_number(young))

    assert "18" in err.value.message
    assert ctx.scalar(select(Person.id).where(Person.name == "李申请")) is None


def test_failed_attempts_are_limited_per_ip(ctx, city):
    issued = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7)
    for i in range(accounts.IP_LIMIT):
        with pytest.raises(RuleViolation):
            activate(ctx, f"WRONGCODE{i:03d}", ip="10.9.9.9")

    with pytest.raises(RuleViolation) as err:
        activate(ctx, issued.code, ip="10.9.9.9")

    assert "次数过多" in err.value.message
    assert activate(ctx, issued.code, ip="10.9.9.10").person_id


def test_failed_attempts_are_limited_per_code_across_ips(ctx, city):
    issued = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7)
    for i in range(accounts.CODE_LIMIT):
        with pytest.raises(RuleViolation):
            activate(ctx, issued.code, phone="1", ip=f"10.2.0.{i}")

    with pytest.raises(RuleViolation) as err:
        activate(ctx, issued.code, ip="10.2.1.1")

    assert "次数过多" in err.value.message
    assert ctx.scalar(select(ActivationAttempt.id)
                      .where(ActivationAttempt.ip == "10.2.1.1")) is None


def test_member_code_opens_an_account_for_that_member_only(ctx, city):
    member = f.make_person(ctx, city.branch_a1a, name="联系人甲", stage="full")
    issued = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7,
                            id_number=member.id_number)
    with pytest.raises(RuleViolation):
        activate(ctx, issued.code, member.id_number, name="别人")

    account = activate(ctx, issued.code, member.id_number, name="联系人甲")

    assert (account.role, account.person_id) == ("member", member.id)


def test_login_locks_after_repeated_wrong_passwords(ctx, city):
    issued = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7)
    number = f.id_number(date(1998, 1, 2))
    activate(ctx, issued.code, number)
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(DomainError):
            accounts.authenticate(ctx, number, "wrong-pass1")

    with pytest.raises(DomainError) as err:
        accounts.authenticate(ctx, number, PASSWORD)

    # Locked: the right password is refused, with the one message every failure gets.
    assert err.value.message == accounts.BAD_LOGIN
    account = ctx.scalar(select(PortalAccount).join(Person).where(Person.id_number == number))
    ctx.refresh(account)
    assert account.locked_until is not None


def test_unknown_number_wrong_password_and_locked_account_get_one_message(ctx, city):
    issued = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7)
    number = f.id_number(date(1998, 1, 2))
    activate(ctx, issued.code, number)
    messages = []

    def fail(id_number, password):
        with pytest.raises(RuleViolation) as err:
            accounts.authenticate(ctx, id_number, password)
        messages.append((err.value.message, err.value.field))

    fail(f.id_number(date(1990, 3, 7)), "wrong-pass1")  # nobody has this number
    for _ in range(accounts.MAX_FAILURES):
        fail(number, "wrong-pass1")
    fail(number, PASSWORD)  # locked now

    assert set(messages) == {(accounts.BAD_LOGIN, "password")}
    assert "锁定" in accounts.BAD_LOGIN and str(accounts.LOCK_MINUTES) in accounts.BAD_LOGIN


def test_a_code_for_a_registered_person_resets_a_forgotten_password(ctx, city):
    first = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7)
    number = f.id_number(date(1998, 1, 2))
    account = activate(ctx, first.code, number)
    reset = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7,
                           id_number=number)

    again = activate(ctx, reset.code, number, password="new12345x")

    assert again.id == account.id and again.role == "applicant"
    assert accounts.authenticate(ctx, number, "new12345x").id == account.id
    with pytest.raises(DomainError):
        accounts.authenticate(ctx, number, PASSWORD)


def test_a_person_code_is_void_once_the_person_left_the_branch(ctx, city):
    member = f.make_person(ctx, city.branch_a1a, name="调出党员", stage="full")
    issued = codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7,
                            id_number=member.id_number)
    member.org_id, member.org_path = city.branch_a1b.id, city.branch_a1b.path
    ctx.commit()

    with pytest.raises(RuleViolation) as err:
        activate(ctx, issued.code, member.id_number, name="调出党员")

    assert err.value.message == accounts.NEUTRAL


def test_a_code_cannot_name_a_person_of_another_branch(ctx, city):
    other = f.make_person(ctx, city.branch_a1b, name="外支部", stage="full")

    with pytest.raises(RuleViolation) as err:
        codes.generate(ctx, city.branch_admin, SECRET, city.branch_a1a.id, 7,
                       id_number=other.id_number)

    assert err.value.field == "member"
