"""CLI: create-user with a password from stdin, seed-demo's deterministic, valid city."""
from collections import Counter

from sqlalchemy import func, select

from actions.members import idnumber
from models import Organization, Person, User, db
from tests import factories as f


def test_create_user_reads_the_password_from_stdin(app, ctx, city):
    runner = app.test_cli_runner()

    result = runner.invoke(args=["create-user", "newadmin", "--org", city.district_a.code,
                                 "--role", "admin", "--password-stdin"], input="abc12345\n")

    assert result.exit_code == 0, result.output
    user = ctx.execute(select(User).where(User.username == "newadmin")).scalar_one()
    assert user.org_id == city.district_a.id and user.password_hash.startswith("scrypt:")


def test_create_user_reports_rule_violations_in_chinese(app, city):
    result = app.test_cli_runner().invoke(
        args=["create-user", "x", "--org", "999999", "--password-stdin"], input="abc12345\n")

    assert result.exit_code != 0 and "组织代码 999999 不存在" in result.output


def test_seed_demo_builds_a_valid_deterministic_city_with_demo_users(app, ctx):
    runner = app.test_cli_runner()

    result = runner.invoke(args=["seed-demo", "--members", "1500", "--seed", "7"])

    assert result.exit_code == 0, result.output
    for name in ("demo_city", "demo_district", "demo_branch", "demo_branch2"):
        assert name in result.output
    people = ctx.execute(select(Person)).scalars().all()
    assert len(people) == 1500
    for p in people:
        info = idnumber.parse(p.id_number)
        assert (info.birth_date, info.sex) == (p.birth_date, p.sex)
    kinds = Counter(ctx.execute(select(Organization.kind)).scalars())
    assert kinds["committee"] >= 10 and kinds["branch"] >= 20
    sizes = Counter(p.org_id for p in people)
    assert max(sizes.values()) <= 50
    users = {u.username: u for u in ctx.execute(select(User)).scalars()}
    assert users["demo_city"].org.parent_id is None
    assert users["demo_branch"].org.requires_approval
    assert users["demo_branch"].org.path.startswith(users["demo_district"].org.path)
    assert not users["demo_branch2"].org.path.startswith(users["demo_district"].org.path)
    first = [(p.id_number, p.name) for p in people[:20]]

    for table in reversed(db.metadata.sorted_tables):  # same seed again on an empty database
        ctx.execute(table.delete())
    ctx.commit()
    runner.invoke(args=["seed-demo", "--members", "1500", "--seed", "7"])
    again = ctx.execute(select(Person.id_number, Person.name).order_by(Person.id).limit(20)).all()
    assert [tuple(r) for r in again] == first


def test_seed_demo_refuses_a_database_that_has_data(app, city):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--members", "10"])

    assert result.exit_code != 0 and "只能在空库上运行" in result.output
