"""Command-line tools: thin wrappers over actions (`flask --app admin_app ...`)."""
from __future__ import annotations

import sys

import click
from flask import current_app, g
from flask.cli import with_appcontext
from sqlalchemy import func, select

from actions import users
from admin_app.demo import seed as demo
from actions.errors import DomainError
from models import Organization, db


@click.command("create-user")
@click.argument("username")
@click.option("--org", "org_code", required=True, help="组织代码")
@click.option("--role", type=click.Choice(["sysadmin", "admin", "operator", "viewer"]),
              default="operator", show_default=True)
@click.option("--full-name", default=None)
@click.option("--password-stdin", is_flag=True, help="从标准输入读取密码")
@with_appcontext
def create_user_command(username, org_code, role, full_name, password_stdin):
    """Create a user in the organisation with ORG_CODE."""
    org = db.session.execute(select(Organization).where(Organization.code == org_code)).scalar_one_or_none()
    if org is None:
        raise click.ClickException(f"组织代码 {org_code} 不存在")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("密码", hide_input=True, confirmation_prompt="再次输入密码")
    try:
        user = users.create_user(db.session, None, username, password, org.id, role, full_name)
    except DomainError as err:
        db.session.rollback()
        raise click.ClickException(err.message) from None
    click.echo(f"已创建用户 {user.username}（{org.name}，{role}）")


@click.command("seed-demo")
@click.option("--members", default=2000, show_default=True, help="人数")
@click.option("--seed", "seed_value", default=42, show_default=True, help="随机种子")
@click.option("--password", default="demo12345", show_default=True, help="演示用户的密码")
@with_appcontext
def seed_demo_command(members, seed_value, password):
    """Fill an empty database with a deterministic demo city and print the demo logins."""
    from tqdm import tqdm

    g.audit_actor = None
    with tqdm(total=members, unit="人", desc="生成演示数据", file=sys.stderr) as bar:
        try:
            result = demo.seed(db.session, members, seed_value, password, progress=bar.update)
        except RuntimeError as err:
            raise click.ClickException(str(err)) from None
    click.echo(f"已生成 {result['orgs']} 个党组织、{result['people']} 人")
    _print_logins(result["users"], password)


def _print_logins(logins, password) -> None:
    click.echo("演示用户（密码均为 %s）：" % password)
    for username, org_name, role in logins:
        click.echo(f"  {username:<14} {role:<9} {org_name}")


@click.command("demo")
@click.option("--members", default=5000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@with_appcontext
def demo_command(members, host, port):
    """Apply migrations, seed demo data if the database is empty, and serve the platform."""
    from flask_migrate import upgrade

    upgrade()
    if not db.session.execute(select(func.count()).select_from(Organization)).scalar():
        result = demo.seed(db.session, members, 42, "demo12345")
        click.echo(f"已生成 {result['orgs']} 个党组织、{result['people']} 人")
        logins = result["users"]
    else:
        logins = [(u, "", "") for u in ("demo_city", "demo_district", "demo_branch", "demo_branch2")]
    db.session.remove()
    click.echo(f"\n党建工作平台已启动： http://{host}:{port}/")
    _print_logins(logins, "demo12345")
    # app.run() is a no-op inside a flask CLI command; serve with werkzeug directly.
    from werkzeug.serving import run_simple

    run_simple(host, port, current_app._get_current_object(), threaded=True)


def init_app(app) -> None:
    for cmd in (create_user_command, seed_demo_command, demo_command):
        app.cli.add_command(cmd)
