"""Command-line tools: thin wrappers over actions.

`party-admin COMMAND` (the console script) is `flask --app admin_app COMMAND` plus `serve`
(gunicorn) and `paths` (where everything lives).
"""
from __future__ import annotations

import os
import sys

import click
from flask import current_app, g
from flask.cli import with_appcontext
from sqlalchemy import func, select

from actions import users
from actions.errors import DomainError
from admin_app.demo import seed as demo
from models import Organization, db


@click.command("create-user")
@click.argument("username")
@click.option("--org", "org_code", required=True, help="组织代码")
@click.option("--role", type=click.Choice(["sysadmin", "admin", "operator", "viewer", "secadmin",
                                           "auditadmin"]),
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


@click.command("audit-archive")
@click.option("--before", "before", required=True, help="归档此日期（YYYY-MM-DD，UTC）以前的记录")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False),
              help="归档文件（JSON Lines），已存在则追加")
@with_appcontext
def audit_archive_command(before, out_path):
    """Move audit entries older than the retention period into an archive file."""
    from datetime import datetime

    from actions.security import audit_archive

    when = datetime.strptime(before, "%Y-%m-%d")
    try:
        with open(out_path, "a", encoding="utf-8") as out:
            n = audit_archive.archive(db.session, when, current_app.config["AUDIT_RETENTION_DAYS"],
                                    out)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    click.echo(f"已归档 {n} 条操作记录到 {out_path}")


def init_app(app) -> None:
    for cmd in (create_user_command, seed_demo_command, demo_command, audit_archive_command,
                paths_command):
        app.cli.add_command(cmd)


@click.command("serve", context_settings={"ignore_unknown_options": True})
@click.option("--bind", "-b", default=None, help="监听地址（默认环境变量 BIND 或 127.0.0.1:8000）")
@click.option("--workers", "-w", type=int, default=None,
              help="工作进程数（默认环境变量 WORKERS 或 CPU 数，2 至 8）")
@click.option("--threads", type=int, default=None, help="每个进程的线程数（默认 THREADS 或 4）")
@click.option("--timeout", type=int, default=None, help="工作进程无响应超时秒数（默认 120）")
@click.option("--config", "config_file", default=None,
              help="gunicorn 配置文件（默认随包提供的 admin_app/deploy/gunicorn.conf.py）")
@click.argument("gunicorn_args", nargs=-1, type=click.UNPROCESSED)
def serve_command(bind, workers, threads, timeout, config_file, gunicorn_args):
    """Serve the platform with gunicorn (gthread workers, logs on stdout)."""
    os.execv(sys.executable, gunicorn_argv(bind, workers, threads, timeout, config_file,
                                           gunicorn_args))


def gunicorn_argv(bind=None, workers=None, threads=None, timeout=None, config_file=None,
                  extra=()) -> list[str]:
    """The command line `serve` replaces itself with."""
    from admin_app import DEPLOY

    argv = [sys.executable, "-m", "gunicorn",
            "--config", config_file or os.path.join(DEPLOY, "gunicorn.conf.py")]
    for flag, value in (("--bind", bind), ("--workers", workers), ("--threads", threads),
                        ("--timeout", timeout)):
        if value is not None:
            argv += [flag, str(value)]
    return argv + list(extra) + ["admin_app:create_app()"]


@click.command("paths")
@with_appcontext
def paths_command():
    """Print where the platform's files live."""
    import flask_admin

    from admin_app import DEPLOY, MIGRATIONS

    app = current_app
    rows = [
        ("实例目录 INSTANCE_PATH", app.instance_path),
        ("数据库 DATABASE_URL", db.engine.url.render_as_string(hide_password=True)),
        ("附件目录 UPLOAD_DIR", app.config["UPLOAD_DIR"]),
        ("静态文件 /static/", app.static_folder),
        ("静态文件 /admin/static/", os.path.join(os.path.dirname(flask_admin.__file__), "static")),
        ("页面模板", app.template_folder),
        ("数据库迁移", MIGRATIONS),
        ("部署示例文件", DEPLOY),
    ]
    for label, value in rows:
        click.echo(f"{label}: {value}")


def command_group():
    """The `party-admin` command: the app's flask commands, plus `serve`."""
    from flask.cli import FlaskGroup

    from admin_app import create_app

    group = FlaskGroup(create_app=lambda: create_app(), add_version_option=False,
                       help="党建工作平台的命令行工具"
                            "（与 flask --app admin_app 相同，另加 serve、paths）。")
    group.add_command(serve_command)
    return group


def main() -> None:
    """The `party-admin` console script."""
    command_group().main(prog_name="party-admin")
