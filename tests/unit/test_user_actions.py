"""Users: roles never above one's own, password rules, lockout after five failures."""
from datetime import timedelta

import pytest

from actions import users
from actions.errors import DomainError, NotInScope, PermissionDenied
from models.base import utcnow
from tests import factories as f


def test_administrator_creates_a_user_below_with_a_hashed_password(ctx, city):
    user = users.create_user(ctx, city.district_admin, "newop", "abc12345", city.branch_a1a.id,
                             "operator")

    assert user.password_hash.startswith("scrypt:")
    assert user.org_id == city.branch_a1a.id


def test_nobody_grants_a_role_above_their_own(ctx, city):
    with pytest.raises(DomainError) as err:
        users.create_user(ctx, city.district_admin, "boss", "abc12345", city.district_a.id, "sysadmin")

    assert err.value.field == "role"


def test_operators_cannot_create_users(ctx, city):
    with pytest.raises(PermissionDenied):
        users.create_user(ctx, city.branch_operator, "x1", "abc12345", city.branch_a1a.id, "viewer")


def test_users_cannot_be_created_outside_scope(ctx, city):
    with pytest.raises(NotInScope):
        users.create_user(ctx, city.district_admin, "x2", "abc12345", city.branch_b1.id, "viewer")


@pytest.mark.parametrize("password", ["short1", "abcdefghij", "1234567890"])
def test_weak_passwords_are_refused(ctx, city, password):
    with pytest.raises(DomainError) as err:
        users.create_user(ctx, city.district_admin, "x3", password, city.branch_a1a.id, "viewer")

    assert err.value.field == "password"


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(ctx, city):
    for _ in range(4):
        with pytest.raises(DomainError):
            users.authenticate(ctx, "branch_admin", "wrong-pass1")
    with pytest.raises(DomainError) as err:
        users.authenticate(ctx, "branch_admin", "wrong-pass1")

    assert err.value.message == users.BAD_LOGIN and "锁定" in err.value.message
    with pytest.raises(DomainError) as locked:
        users.authenticate(ctx, "branch_admin", f.PASSWORD)
    assert locked.value.message == users.BAD_LOGIN
    ctx.refresh(city.branch_admin)
    lock = city.branch_admin.locked_until - utcnow()
    assert timedelta(minutes=14) < lock <= timedelta(minutes=15)


def test_lock_expires_and_a_right_password_resets_the_counter(ctx, city):
    city.branch_admin.locked_until = utcnow() - timedelta(seconds=1)
    city.branch_admin.failed_logins = 3
    ctx.commit()

    user = users.authenticate(ctx, "branch_admin", f.PASSWORD)

    assert user.failed_logins == 0 and user.locked_until is None


def test_change_own_password_checks_the_old_one_and_the_repeat(ctx, city):
    with pytest.raises(DomainError) as err:
        users.change_own_password(ctx, city.branch_admin, "nope", "newpass99", "newpass99")
    assert err.value.field == "old_password"
    with pytest.raises(DomainError) as err:
        users.change_own_password(ctx, city.branch_admin, f.PASSWORD, "newpass99", "newpass98")
    assert err.value.field == "repeat"

    users.change_own_password(ctx, city.branch_admin, f.PASSWORD, "newpass99", "newpass99")

    assert users.authenticate(ctx, "branch_admin", "newpass99").id == city.branch_admin.id
