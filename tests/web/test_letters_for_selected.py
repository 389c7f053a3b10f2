"""Introduction letters printed in bulk: from the 转出 list and for the people ticked in a list."""
import io
import subprocess
from datetime import date

from pypdf import PdfReader
from werkzeug.datastructures import MultiDict

from models import AuditLog
from tests import factories as f


def ticked(resp) -> str:
    """Where a bulk action sent the user (the printable page of the letters)."""
    assert resp.status_code == 302, resp.get_data(as_text=True)[:300]
    return resp.headers["Location"]


def test_ticked_transfers_print_on_one_page_with_every_letter(ctx, city, login):
    a = f.make_person(ctx, city.branch_a1a, "转出甲", birth_date=date(1981, 1, 1))
    b = f.make_person(ctx, city.branch_a1b, "转出乙", birth_date=date(1982, 1, 1))
    c = f.make_person(ctx, city.branch_a1b, "未勾丙", birth_date=date(1983, 1, 1))
    ta, tb = f.make_transfer(ctx, a, city.branch_b1), f.make_transfer(ctx, b, None)
    f.make_transfer(ctx, c, city.branch_b1)
    client = login("district_admin")

    assert "打印介绍信" in client.get("/admin/transfer_out/").get_data(as_text=True)
    resp = client.post("/admin/transfer_out/action/", data=MultiDict([
        ("action", "print_letters"), ("rowid", str(ta.id)), ("rowid", str(tb.id))]))
    page = client.get(ticked(resp)).get_data(as_text=True)

    assert page.count('class="letter"') == 2
    assert ta.letter_no in page and tb.letter_no in page and "未勾丙" not in page
    assert "break-before: page" in page and 'id="letters-pdf"' in page
    logged = ctx.query(AuditLog).filter(AuditLog.summary.like("打印介绍信%")).all()
    assert sorted(x.person_id for x in logged) == sorted([a.id, b.id])


def test_the_letters_of_ticked_transfers_download_as_one_pdf_with_a_page_each(ctx, city, login):
    a = f.make_person(ctx, city.branch_a1a, "转出甲", birth_date=date(1981, 1, 1))
    b = f.make_person(ctx, city.branch_a1b, "转出乙", birth_date=date(1982, 1, 1))
    ta, tb = f.make_transfer(ctx, a, city.branch_b1), f.make_transfer(ctx, b, city.branch_b1)
    client = login("district_admin")

    resp = client.get(f"/admin/transfer_desk/letters.pdf?id={ta.id}&id={tb.id}")

    assert resp.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(resp.data))
    assert len(reader.pages) == 2
    text = subprocess.run(["pdftotext", "-", "-"], input=resp.data, capture_output=True,
                          check=True).stdout.decode()
    assert "转出甲" in text and "转出乙" in text and ta.letter_no in text
    assert ctx.query(AuditLog).filter(AuditLog.summary.like("下载介绍信%（PDF）")).count() == 2


def test_another_districts_transfer_in_the_selection_is_left_out(ctx, city, login):
    mine = f.make_person(ctx, city.branch_a1a, "本区人", birth_date=date(1981, 1, 1))
    other = f.make_person(ctx, city.branch_b1, "外区人", birth_date=date(1982, 1, 1))
    t_mine, t_other = f.make_transfer(ctx, mine, city.branch_b1), f.make_transfer(ctx, other, None)
    client = login("district_admin")

    resp = client.post("/admin/transfer_out/action/", data=MultiDict([
        ("action", "print_letters"), ("rowid", str(t_mine.id)), ("rowid", str(t_other.id))]))
    page = client.get(ticked(resp)).get_data(as_text=True)
    direct = client.get(f"/admin/transfer_desk/letters/?id={t_mine.id}&id={t_other.id}")
    only_other = client.get(f"/admin/transfer_desk/letters/?id={t_other.id}")
    pdf = client.get(f"/admin/transfer_desk/letters.pdf?id={t_other.id}")

    assert "本区人" in page and "外区人" not in page
    assert "外区人" not in direct.get_data(as_text=True)
    assert only_other.status_code == 404 and pdf.status_code == 404
    assert ctx.query(AuditLog).filter(AuditLog.person_id == other.id,
                                      AuditLog.summary.like("%介绍信%")).count() == 0


def test_letters_of_the_ticked_people_print_and_people_without_one_are_named(ctx, city, login):
    a = f.make_person(ctx, city.branch_a1a, "有信甲", birth_date=date(1981, 1, 1))
    b = f.make_person(ctx, city.branch_a1a, "无信乙", birth_date=date(1982, 1, 1))
    c = f.make_person(ctx, city.branch_a1a, "已接收丙", birth_date=date(1983, 1, 1))
    ta = f.make_transfer(ctx, a, city.branch_b1)
    f.make_transfer(ctx, c, city.branch_b1, status="accepted")
    client = login("branch_admin")

    for url in ("/admin/direct_member/", "/admin/member_query/"):
        assert "打印所选人员的介绍信" in client.get(url).get_data(as_text=True)
    resp = client.post("/admin/direct_member/action/", data=MultiDict([
        ("action", "letters_selected"), ("rowid", str(a.id)), ("rowid", str(b.id)),
        ("rowid", str(c.id))]))
    page = client.get(ticked(resp)).get_data(as_text=True)

    assert page.count('class="letter"') == 1 and ta.letter_no in page
    assert "没有未办结的转出介绍信，已跳过：无信乙、已接收丙" in page


def test_ticking_only_people_without_letters_stays_on_the_list_with_a_chinese_message(
        ctx, city, login):
    b = f.make_person(ctx, city.branch_a1a, "无信乙", birth_date=date(1982, 1, 1))
    client = login("branch_admin")

    resp = client.post("/admin/member_query/action/", data={
        "action": "letters_selected", "rowid": str(b.id)}, follow_redirects=True)

    page = resp.get_data(as_text=True)
    assert "已跳过：无信乙" in page and 'class="letter"' not in page


def test_another_districts_person_in_the_ticked_people_is_ignored(ctx, city, login):
    mine = f.make_person(ctx, city.branch_a1a, "本区人", birth_date=date(1981, 1, 1))
    other = f.make_person(ctx, city.branch_b1, "外区人", birth_date=date(1982, 1, 1))
    f.make_transfer(ctx, mine, city.branch_b1)
    f.make_transfer(ctx, other, city.district_a)
    client = login("district_admin")

    resp = client.post("/admin/member_query/action/", data=MultiDict([
        ("action", "letters_selected"), ("rowid", str(mine.id)), ("rowid", str(other.id))]))
    page = client.get(ticked(resp)).get_data(as_text=True)

    assert "本区人" in page and "外区人" not in page and page.count('class="letter"') == 1


def test_more_letters_than_one_page_takes_are_cut_with_a_chinese_warning(
        ctx, city, login, monkeypatch):
    from views.members import transfers as view

    monkeypatch.setattr(view, "LETTERS_MAX", 1)
    a = f.make_person(ctx, city.branch_a1a, "转出甲", birth_date=date(1981, 1, 1))
    b = f.make_person(ctx, city.branch_a1a, "转出乙", birth_date=date(1982, 1, 1))
    ta, tb = f.make_transfer(ctx, a, city.branch_b1), f.make_transfer(ctx, b, city.branch_b1)
    client = login("branch_admin")

    resp = client.post("/admin/transfer_out/action/", data=MultiDict([
        ("action", "print_letters"), ("rowid", str(ta.id)), ("rowid", str(tb.id))]))
    page = client.get(ticked(resp)).get_data(as_text=True)

    assert page.count('class="letter"') == 1 and "一次最多打印 1 份介绍信" in page


def test_opening_a_letter_page_by_its_address_is_logged_as_a_print(ctx, city, login):
    a = f.make_person(ctx, city.branch_a1a, "直开甲", birth_date=date(1981, 1, 1))
    b = f.make_person(ctx, city.branch_a1b, "直开乙", birth_date=date(1982, 1, 1))
    ta, tb = f.make_transfer(ctx, a, city.branch_b1), f.make_transfer(ctx, b, city.branch_b1)
    client = login("district_admin")

    several = client.get(f"/admin/transfer_desk/letters/?id={ta.id}&id={tb.id}")
    one = client.get(f"/admin/transfer_desk/letter/?id={ta.id}")

    assert several.status_code == 200 and one.status_code == 200
    printed = ctx.query(AuditLog).filter(AuditLog.summary.like("打印介绍信%")).all()
    assert sorted(x.person_id for x in printed) == sorted([a.id, a.id, b.id])
    assert {x.summary for x in printed} == {f"打印介绍信 {ta.letter_no}", f"打印介绍信 {tb.letter_no}"}
    assert all(x.org_path == ta.from_org_path for x in printed if x.person_id == a.id)
