"""批量导入党员 screen: upload, dry-run report, confirm, and the guards around the commit."""
from __future__ import annotations

import io

import openpyxl
from sqlalchemy import func, select

from models import AuditLog, Person
from tests import factories as f


def csv_file(*lines) -> tuple[io.BytesIO, str]:
    text = "身份证号码,姓名,所在党组织代码,人员阶段,入党日期\n" + "\n".join(lines) + "\n"
    return io.BytesIO(text.encode("utf-8")), "党员.csv"


def people(ctx) -> int:
    ctx.rollback()
    return ctx.execute(select(func.count()).select_from(Person)).scalar_one()


def test_template_downloads_as_xlsx_with_the_headers(city, login):
    client = login("branch_operator")

    resp = client.get("/admin/person_import/template/xlsx/")

    sheet = openpyxl.load_workbook(io.BytesIO(resp.data)).worksheets[0]
    assert next(sheet.iter_rows(values_only=True))[:3] == ("身份证号码", "姓名", "所在党组织代码")


def test_dry_run_lists_bad_rows_and_offers_no_commit(ctx, city, login):
    client = login("committee_admin")
    good = f"{f.id_number()},李四,{city.branch_a1b.code},正式党员,2015-07-01"
    outside = f"{f.id_number()},王五,{city.branch_b1.code},正式党员,2015-07-01"

    html = client.post("/admin/person_import/check/", data={"file": csv_file(good, outside)},
                       content_type="multipart/form-data").get_data(as_text=True)

    assert "共 2 行，正确 1 行" in html and "不在本组织管辖范围内" in html
    assert 'id="commit-form"' not in html and people(ctx) == 0


def test_clean_file_is_imported_after_confirmation_and_audited(ctx, city, login):
    client = login("committee_admin")
    lines = [f"{f.id_number()},李{i},{city.branch_a1b.code},正式党员,2015-07-01" for i in range(3)]

    html = client.post("/admin/person_import/check/", data={"file": csv_file(*lines)},
                       content_type="multipart/form-data").get_data(as_text=True)
    token = html.split('name="token" value="')[1].split('"')[0]
    assert people(ctx) == 0
    resp = client.post("/admin/person_import/commit/", data={"token": token}, follow_redirects=True)

    assert "已导入3人" in resp.get_data(as_text=True) and people(ctx) == 3
    log = ctx.execute(select(AuditLog).where(AuditLog.action == "import")).scalar_one()
    assert log.username == "committee_admin"
    again = client.post("/admin/person_import/commit/", data={"token": token}, follow_redirects=True)
    assert "导入数据已失效" in again.get_data(as_text=True) and people(ctx) == 3


def test_another_users_token_cannot_be_committed(ctx, city, login):
    owner, other = login("committee_admin"), login("district_admin")
    line = f"{f.id_number()},李四,{city.branch_a1b.code},正式党员,2015-07-01"
    html = owner.post("/admin/person_import/check/", data={"file": csv_file(line)},
                      content_type="multipart/form-data").get_data(as_text=True)
    token = html.split('name="token" value="')[1].split('"')[0]

    resp = other.post("/admin/person_import/commit/", data={"token": token}, follow_redirects=True)

    assert "导入数据已失效" in resp.get_data(as_text=True) and people(ctx) == 0


def test_viewer_cannot_open_the_import_screen(city, login):
    client = login("branch_viewer")

    assert client.get("/admin/person_import/").status_code == 403
