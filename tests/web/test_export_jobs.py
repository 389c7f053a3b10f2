"""Exports above the size limit run as background jobs: progress, owner-only files, restarts."""
from __future__ import annotations

import io
import os
import threading
from datetime import timedelta

import openpyxl
import pytest
from sqlalchemy import select, update

from actions import export_jobs
from admin_app import export_runner
from models import AuditLog, ExportJob, db
from models.base import utcnow
from tests import factories as f


@pytest.fixture
def small_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_JOB_ROWS", 2)


@pytest.fixture
def members(ctx, city):
    for i in range(3):
        f.make_person(ctx, city.branch_a1a, f"甲区党员{i}")
    f.make_person(ctx, city.branch_b1, "乙区党员")


def _job(ctx) -> ExportJob:
    ctx.expire_all()
    return ctx.execute(select(ExportJob)).scalar_one()


def test_an_export_under_the_limit_is_downloaded_at_once(ctx, members, login):
    resp = login("district_admin").get("/admin/direct_member/export/xlsx/")

    assert resp.status_code == 200 and resp.data[:2] == b"PK"
    assert ctx.execute(select(ExportJob)).first() is None


def test_an_export_over_the_limit_becomes_a_job_the_owner_downloads_when_done(
        app, ctx, members, login, small_limit):
    client = login("district_admin")

    resp = client.get("/admin/direct_member/export/xlsx/", follow_redirects=True)

    page = resp.get_data(as_text=True)
    assert "已转为后台导出任务" in page and "排队中" in page and 'http-equiv="refresh"' in page
    job = _job(ctx)
    assert job.status == "queued" and job.endpoint == "direct_member"
    assert client.get(f"/admin/export_jobs/{job.id}/download").status_code == 404  # not yet

    assert export_runner.run_once(app) is True

    job = _job(ctx)
    assert (job.status, job.rows_done, job.rows_expected) == ("done", 3, 3)
    page = client.get(f"/admin/export_jobs/{job.id}/").get_data(as_text=True)
    assert "已完成" in page and "100%" in page and 'http-equiv="refresh"' not in page
    file = client.get(f"/admin/export_jobs/{job.id}/download")
    rows = list(openpyxl.load_workbook(io.BytesIO(file.data)).active.iter_rows(values_only=True))
    names = sorted(r[0] for r in rows[1:])
    assert names == ["甲区党员0", "甲区党员1", "甲区党员2"]  # the owner's scope: not 乙区党员
    actions = ctx.execute(select(AuditLog.action).where(
        AuditLog.action.in_(("export", "download")))).scalars().all()
    assert sorted(actions) == ["download", "export"]
    assert "导出任务" in client.get("/admin/export_jobs/").get_data(as_text=True)


def test_a_job_keeps_the_lists_filter_and_search(app, ctx, members, login, small_limit):
    client = login("city_admin")
    client.get("/admin/direct_member/export/csv/?search=甲区党员")

    export_runner.run_once(app)

    text = client.get(f"/admin/export_jobs/{_job(ctx).id}/download").get_data(as_text=True)
    assert text.startswith("\ufeff姓名") and text.count("甲区党员") == 3 and "乙区党员" not in text


def test_nobody_but_the_owner_sees_or_downloads_a_job(app, ctx, members, login, small_limit):
    login("district_admin").get("/admin/direct_member/export/xlsx/")
    export_runner.run_once(app)
    job = _job(ctx)

    other = login("city_admin")  # even a higher role

    assert other.get(f"/admin/export_jobs/{job.id}/").status_code == 404
    assert other.get(f"/admin/export_jobs/{job.id}/download").status_code == 404
    assert "甲区" not in other.get("/admin/export_jobs/").get_data(as_text=True)


def test_a_job_abandoned_by_a_stopped_runner_is_run_again(app, ctx, members, login, small_limit):
    login("district_admin").get("/admin/direct_member/export/csv/")
    assert export_jobs.claim(db.engine) is not None  # a runner took it, then its server stopped
    assert export_runner.run_once(app) is False  # still fresh: nobody else takes it
    stale = utcnow() - timedelta(seconds=export_jobs.STALE_SECONDS + 1)
    ctx.execute(update(ExportJob).values(heartbeat_at=stale))
    ctx.commit()

    assert export_runner.run_once(app) is True
    assert _job(ctx).status == "done"


def test_of_several_runners_exactly_one_takes_a_job(app, ctx, members, login, small_limit):
    login("district_admin").get("/admin/direct_member/export/csv/")
    results, gate = [], threading.Barrier(4)

    def runner():
        with app.app_context():
            gate.wait()
            results.append(export_jobs.claim(db.engine))

    threads = [threading.Thread(target=runner) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    assert len(results) == 4 and len([r for r in results if r is not None]) == 1


def test_a_job_of_a_user_who_lost_the_right_fails_with_a_reason(app, ctx, city, members, login,
                                                                small_limit):
    login("district_admin").get("/admin/direct_member/export/csv/")
    city.district_admin.active = False
    ctx.commit()

    export_runner.run_once(app)

    job = _job(ctx)
    assert job.status == "failed" and "停用" in job.error and job.file_name is None


def test_finished_jobs_and_their_files_expire(app, ctx, members, login, small_limit):
    client = login("district_admin")
    client.get("/admin/direct_member/export/csv/")
    export_runner.run_once(app)
    job = _job(ctx)
    job_id, path = job.id, os.path.join(export_jobs.folder(app.config["UPLOAD_DIR"]), job.file_name)
    assert os.path.isfile(path)
    ctx.execute(update(ExportJob).values(finished_at=utcnow() - timedelta(hours=25)))
    ctx.commit()

    assert export_jobs.remove_expired(db.engine, export_jobs.folder(app.config["UPLOAD_DIR"]),
                                      24) == 1
    assert not os.path.exists(path)
    assert client.get(f"/admin/export_jobs/{job_id}/").status_code == 404


def test_each_process_starts_one_runner_thread(app, monkeypatch):
    started = []
    monkeypatch.setattr(export_runner, "_started", {})
    monkeypatch.setattr(export_runner, "_loop", lambda app_: started.append(app_))

    for _ in range(3):
        export_runner.ensure_started(app)
    export_runner._started[os.getpid()].join(5)

    assert started == [app] and list(export_runner._started) == [os.getpid()]


def test_the_audit_administrators_long_audit_export_is_a_job_they_download(app, ctx, city,
                                                                           login, small_limit):
    f.make_user(ctx, city.root, "audit_admin", "auditadmin")
    for _ in range(3):
        login("district_admin")  # each login writes audit entries
    client = login("audit_admin")

    page = client.get("/admin/audit/export/csv/", follow_redirects=True)

    assert "已转为后台导出任务" in page.get_data(as_text=True)
    assert export_runner.run_once(app) is True
    job = _job(ctx)
    assert job.status == "done" and job.rows_done > 2
    file = client.get(f"/admin/export_jobs/{job.id}/download")
    assert file.status_code == 200 and file.get_data(as_text=True).startswith("\ufeff")


def test_a_second_export_of_a_list_with_an_open_job_shows_that_job(app, ctx, members, login,
                                                                    small_limit):
    client = login("district_admin")
    client.get("/admin/direct_member/export/xlsx/")
    first = _job(ctx)

    resp = client.get("/admin/direct_member/export/csv/", follow_redirects=True)

    assert "已有一个导出任务正在进行" in resp.get_data(as_text=True)
    assert resp.request.path == f"/admin/export_jobs/{first.id}/"
    assert ctx.execute(select(ExportJob)).scalars().all() == [first]
    export_runner.run_once(app)  # once it is done, the list can be exported again
    client.get("/admin/direct_member/export/csv/")
    ctx.expire_all()
    assert len(ctx.execute(select(ExportJob)).scalars().all()) == 2


def test_a_burst_of_exports_of_one_list_queues_one_job(app, ctx, members, login, small_limit):
    """Concurrent requests of one user: the unique open-job index lets exactly one through."""
    clients = [login("district_admin") for _ in range(6)]
    start = threading.Barrier(len(clients))
    answers: list = [None] * len(clients)

    def export(i):
        start.wait()
        resp = clients[i].get("/admin/direct_member/export/xlsx/")
        answers[i] = (resp.status_code, resp.headers.get("Location", ""))

    threads = [threading.Thread(target=export, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    ctx.expire_all()
    jobs = ctx.execute(select(ExportJob)).scalars().all()
    assert len(jobs) == 1
    assert answers == [(302, f"/admin/export_jobs/{jobs[0].id}/")] * len(clients)
