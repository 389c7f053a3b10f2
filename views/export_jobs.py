"""导出任务: the user's own background exports, their progress and the finished files."""
from __future__ import annotations

import os

from flask import abort, current_app, send_file
from flask_admin import expose
from flask_login import current_user

from actions import audit, clock, export_jobs
from models import db
from models.export_job import JOB_STATUS
from views.base import SecureBaseView
from views.exporting import XLSX_MIMETYPE


class ExportJobView(SecureBaseView):
    """Each user sees only their own jobs; the list and the files expire after a setting."""

    # The audit administrator's exports of the audit log become jobs like anyone's.
    duty_roles = ("secadmin", "auditadmin")

    @expose("/")
    def index(self):
        return self.render("views/export_jobs.html", jobs=export_jobs.of_user(db.session,
                                                                               current_user),
                           statuses=JOB_STATUS, localtime=clock.format_time,
                           keep_hours=current_app.config["EXPORT_KEEP_HOURS"])

    @expose("/<int:job_id>/")
    def job(self, job_id: int):
        job = export_jobs.owned(db.session, current_user, job_id) or abort(404)
        percent = 100 if job.status == "done" else (
            min(99, job.rows_done * 100 // job.rows_expected) if job.rows_expected else 0)
        return self.render("views/export_job.html", job=job, statuses=JOB_STATUS,
                           percent=percent, localtime=clock.format_time,
                           keep_hours=current_app.config["EXPORT_KEEP_HOURS"])

    @expose("/<int:job_id>/download")
    def download(self, job_id: int):
        job = export_jobs.owned(db.session, current_user, job_id) or abort(404)
        path = os.path.join(export_jobs.folder(current_app.config["UPLOAD_DIR"]), job.file_name or "")
        if job.status != "done" or not job.file_name or not os.path.isfile(path):
            abort(404)
        audit.record(db.session, "download", "export_job", f"下载导出文件：{job.title}"
                     f"（{job.export_type.upper()}，{job.rows_done}行）", current_user.org.path,
                     {"job": job.id})
        db.session.commit()
        mimetype = "text/csv" if job.export_type == "csv" else XLSX_MIMETYPE
        return send_file(path, as_attachment=True, mimetype=mimetype,
                         download_name=f"{job.title}.{job.export_type}")
