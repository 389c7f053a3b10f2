"""操作记录: read-only, 本级 and 辖区 modes, filters; exports are audited."""
import io
import zipfile

from sqlalchemy import select

from models import AuditLog
from tests import factories as f


def test_web_edit_is_logged_with_user_ip_and_chinese_summary(ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a, name="张三")
    client = login("district_admin")

    client.post(f"/admin/organization/edit/?id={city.branch_a1b.id}",
                data={"name": "中共甲区第一医院外一科支部委员会", "kind": "branch"})

    log = ctx.execute(select(AuditLog).where(AuditLog.action == "update",
                                             AuditLog.object_type == "organization")).scalar_one()
    assert log.username == "district_admin" and log.user_id == city.district_admin.id
    assert log.actor_org_id == city.district_a.id and log.ip == "127.0.0.1"
    assert log.summary == "修改党组织「中共甲区第一医院外一科支部委员会」：组织全称"
    assert person.id


def test_own_mode_shows_own_organisation_and_jurisdiction_mode_the_subtree(ctx, city, login):
    f.make_person(ctx, city.branch_a1a, name="本级某")
    f.make_person(ctx, city.district_a, name="区级某")
    client = login("district_admin")

    own = client.get("/admin/audit_own/").get_data(as_text=True)
    whole = client.get("/admin/audit/").get_data(as_text=True)

    assert "区级某" in own and "本级某" not in own
    assert "区级某" in whole and "本级某" in whole


def test_filters_by_user_and_person(ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a, name="张三")
    f.make_person(ctx, city.branch_a1a, name="李四")
    client = login("district_admin")

    html = client.get("/admin/audit/", query_string={"flt0_2": "nobody"}).get_data(as_text=True)
    by_person = client.get("/admin/audit/", query_string={"flt0_3": person.id_number}).get_data(as_text=True)

    assert "张三" not in html
    assert "张三" in by_person and "李四" not in by_person


def test_log_view_offers_no_create_edit_or_delete(ctx, city, login):
    f.make_person(ctx, city.branch_a1a)
    log_id = ctx.execute(select(AuditLog.id)).scalars().first()
    client = login("city_admin")

    assert client.get("/admin/audit/new/").status_code == 302
    assert client.get(f"/admin/audit/edit/?id={log_id}").status_code == 302
    client.post("/admin/audit/delete/", data={"id": str(log_id)})
    client.post("/admin/audit/action/", data={"action": "delete", "rowid": str(log_id)})
    assert ctx.get(AuditLog, log_id) is not None


def test_export_is_streamed_in_chinese_and_audited(ctx, city, login):
    f.make_person(ctx, city.branch_a1a, name="张三", education="21")
    client = login("district_admin")

    csv = client.get("/admin/direct_member/export/csv/")
    xlsx = client.get("/admin/direct_member/export/xlsx/")

    text = csv.get_data().decode("utf-8")
    assert text.startswith("\ufeff姓名,性别,身份证号码")
    assert "张三,男," in text and "大学本科" in text and "正式党员" in text
    with zipfile.ZipFile(io.BytesIO(xlsx.get_data())) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "张三" in sheet and "大学本科" in sheet
    exports = ctx.execute(select(AuditLog).where(AuditLog.action == "export")
                          .order_by(AuditLog.id)).scalars().all()
    assert [e.username for e in exports] == ["district_admin", "district_admin"]
    assert exports[0].summary == "导出直管党员（CSV）"


def test_export_follows_the_current_search(ctx, city, login):
    f.make_person(ctx, city.branch_a1a, name="张三")
    f.make_person(ctx, city.branch_a1a, name="李四")
    client = login("district_admin")

    text = client.get("/admin/direct_member/export/csv/?search=ls").get_data().decode()

    assert "李四" in text and "张三" not in text
