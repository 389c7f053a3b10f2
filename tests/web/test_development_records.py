"""Records: validation at the field, attachments checked by content and served in scope."""
from __future__ import annotations

import io
import os

import pytest
from sqlalchemy import func, select

from models import DevAttachment, DevRecord
from tests import factories as f
from tests.web.dev_flow import PDF, PNG, As, add, attach, m


@pytest.fixture
def applicant(ctx, city):
    return f.make_person(ctx, city.branch_a1a, name="积极分子乙", stage="activist",
                         activist_on=m(-2))


@pytest.fixture
def branch(login, city):
    return As(login, "branch_admin")


def n_records(session, person_id):
    session.expire_all()
    return session.execute(select(func.count()).select_from(DevRecord)
                           .where(DevRecord.person_id == person_id)).scalar_one()


@pytest.mark.parametrize("kind, data, message", [
    ("talk", {"on_date": "", "host": "王"}, "请填写谈话日期"),
    ("talk", {"on_date": "2024-13-01", "host": "王"}, "谈话日期格式应为年-月-日"),
    ("talk", {"on_date": "2999-01-01", "host": "王"}, "谈话日期不能晚于今天"),
    ("talk", {"on_date": "2024-01-01", "host": ""}, "请填写谈话人"),
    ("talk", {"on_date": "2024-01-01", "host": "王" * 51}, "谈话人不能超过50个字"),
    ("recommendation", {"on_date": "2024-01-01", "result": "随便"}, "请选择有效的推荐推优方式"),
    ("committee_activist", {"on_date": "2024-01-01", "result": "同意", "place": "x" * 201},
     "会议地点不能超过200个字"),
    ("contact", {"on_date": "2024-01-01", "related_person_id": ""}, "请填写培养联系人（本支部正式党员）"),
    ("contact", {"on_date": "2024-01-01", "related_person_id": "abc"}, "请选择党员"),
    ("oath", {"on_date": "2024-01-01"}, "须在人员进入“预备党员”阶段后录入"),
    ("nonsense", {"on_date": "2024-01-01"}, None),
])
def test_bad_record_input_gets_a_chinese_message_and_writes_nothing(ctx, applicant, branch,
                                                                    kind, data, message):
    resp = branch.post(f"/admin/development/person/{applicant.id}/record/{kind}", data=data)

    if message:
        assert message in resp.get_data(as_text=True)
    assert n_records(ctx, applicant.id) == 0


def test_contact_must_be_a_member_of_the_persons_branch(ctx, city, applicant, branch):
    from actions.development import records
    from actions.errors import DomainError

    other = f.make_person(ctx, city.branch_a1b, name="外支部党员")

    with pytest.raises(DomainError) as err:
        records.create_record(ctx, city.branch_admin, applicant, "contact",
                              {"on_date": m(-1), "related_person_id": other.id})

    assert err.value.message in ("培养联系人应在本支部党员中选择", "超出本组织管辖范围，无权操作")
    assert n_records(ctx, applicant.id) == 0


def test_viewer_cannot_write_records(ctx, city, applicant, login):
    viewer = As(login, "branch_viewer")

    resp = viewer.post(f"/admin/development/person/{applicant.id}/record/talk",
                       data={"on_date": "2024-01-01", "host": "王"})

    assert "当前角色无权" in resp.get_data(as_text=True)
    assert n_records(ctx, applicant.id) == 0


def test_sibling_branch_cannot_open_or_write_the_file(ctx, city, applicant, login):
    sibling = As(login, "sibling_admin")

    page = sibling.get(f"/admin/development/person/{applicant.id}")
    write = sibling.post(f"/admin/development/person/{applicant.id}/record/talk",
                         data={"on_date": "2024-01-01", "host": "王"})

    assert (page.status_code, write.status_code) == (404, 404)
    assert n_records(ctx, applicant.id) == 0


def test_application_letter_is_approved_or_returned_with_a_reason(ctx, applicant, branch):
    rec = add(branch, ctx, applicant.id, "application", on_date=m(-1))

    no_reason = branch.post(f"/admin/development/record/{rec.id}/review",
                            data={"decision": "return", "reason": ""})
    branch.post(f"/admin/development/record/{rec.id}/review",
                data={"decision": "return", "reason": "内容过于简单，请重写"})

    ctx.expire_all()
    assert no_reason.status_code == 302
    got = ctx.get(DevRecord, rec.id)
    assert (got.status, got.reason) == ("returned", "内容过于简单，请重写")
    html = branch.get(f"/admin/development/person/{applicant.id}").get_data(as_text=True)
    assert "R02" in html  # a returned letter does not count as an application


@pytest.mark.parametrize("data, name", [(PDF, "公示.pdf"), (PNG, "照片.png"),
                                        (b"\xff\xd8\xff\xe0" + b"0" * 20, "x.jpg")])
def test_allowed_files_are_stored_outside_static_and_served_in_scope(ctx, app, applicant,
                                                                      branch, login, data, name):
    rec = add(branch, ctx, applicant.id, "talk", on_date=m(-1), host="王")

    attach(branch, rec.id, data, name)

    att = ctx.execute(select(DevAttachment).where(DevAttachment.record_id == rec.id)).scalar_one()
    path = os.path.join(app.config["UPLOAD_DIR"], "development", att.stored_name)
    assert os.path.isfile(path) and not path.startswith(app.static_folder)
    assert branch.get(f"/admin/development/attachment/{att.id}").data == data
    assert As(login, "sibling_admin").get(f"/admin/development/attachment/{att.id}").status_code == 404
    assert As(login, "committee_admin").get(f"/admin/development/attachment/{att.id}").data == data


@pytest.mark.parametrize("data, name, message", [
    (b"<html><script>alert(1)</script>", "fake.pdf", "只能上传PDF、图片"),
    (b"MZ\x90\x00" + b"\x00" * 50, "setup.docx", "只能上传PDF、图片"),
    (b"PK\x03\x04" + b"\x00" * 30, "broken.xlsx", "只能上传PDF、图片"),
    (b"", "empty.pdf", "请选择要上传的文件"),
])
def test_files_are_judged_by_content_not_name(ctx, applicant, branch, data, name, message):
    rec = add(branch, ctx, applicant.id, "talk", on_date=m(-1), host="王")

    resp = branch.post(f"/admin/development/record/{rec.id}/attach",
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=True)

    assert message in resp.get_data(as_text=True)
    assert ctx.execute(select(func.count()).select_from(DevAttachment)).scalar_one() == 0


def test_files_over_the_size_limit_are_refused(ctx, app, applicant, branch):
    rec = add(branch, ctx, applicant.id, "talk", on_date=m(-1), host="王")
    app.config["UPLOAD_MAX_BYTES"] = 1024
    try:
        resp = branch.post(f"/admin/development/record/{rec.id}/attach",
                           data={"file": (io.BytesIO(PDF + b"0" * 2000), "big.pdf")},
                           content_type="multipart/form-data", follow_redirects=True)
    finally:
        app.config.pop("UPLOAD_MAX_BYTES")

    assert "文件不能超过" in resp.get_data(as_text=True)
    assert ctx.execute(select(func.count()).select_from(DevAttachment)).scalar_one() == 0


def test_office_documents_are_recognised_inside_the_zip():
    import zipfile

    from actions.development.attachments import sniff

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")

    assert sniff(buf.getvalue())[0] == "docx"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 10)[0] == "doc"


@pytest.mark.parametrize("route", ["record/{rid}/edit", "record/{rid}/review",
                                   "record/{rid}/attach", "person/{pid}/submit/activist_filing",
                                   "person/{pid}/print/register"])
def test_sibling_branch_reaches_no_route_of_anothers_file(ctx, city, login, route):
    from tests.web.dev_flow import ready_applicant

    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a)
    rec = ctx.execute(select(DevRecord).where(DevRecord.person_id == p.id)).scalars().first()
    url = "/admin/development/" + route.format(rid=rec.id, pid=p.id)
    before = n_records(ctx, p.id)
    sibling = As(login, "sibling_admin")

    got = sibling.get(url).status_code if "print" in route else sibling.post(
        url, data={"on_date": "2024-01-01", "host": "篡改", "decision": "approve"}).status_code

    assert got == 404
    assert n_records(ctx, p.id) == before
    ctx.expire_all()
    assert ctx.get(DevRecord, rec.id).host != "篡改"
