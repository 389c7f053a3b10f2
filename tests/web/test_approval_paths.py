"""Approval means approval: every way into an organisation needing the parent's approval is 送审."""
from models import ApprovalDecision, Person
from tests import factories as f


def convert(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1a, name="流入丙", management="inflow")
    resp = login("branch_admin").post(f"/admin/member/convert/?id={p.id}", follow_redirects=True)
    ctx.expire_all()
    return p, resp.get_data(as_text=True)


def test_converting_an_inflow_member_where_the_parent_approves_is_submitted(ctx, city, login):
    p, html = convert(ctx, city, login)

    person = ctx.get(Person, p.id)
    assert (person.management, person.status) == ("inflow", "pending")
    assert "已送审" in html
    assert "流入丙" in login("committee_admin").get("/admin/pending_member/").get_data(as_text=True)
    assert "流入丙" not in login("branch_admin").get("/admin/direct_member/").get_data(as_text=True)


def test_the_parents_approval_makes_him_a_direct_member(ctx, city, login):
    p, _ = convert(ctx, city, login)
    parent = login("committee_admin")
    assert 'id="approval-box"' in parent.get(f"/admin/member/?id={p.id}").get_data(as_text=True)

    version = str(ctx.get(Person, p.id).version)
    parent.post(f"/admin/member/approve/?id={p.id}", data={"version": version})

    ctx.expire_all()
    person = ctx.get(Person, p.id)
    assert (person.management, person.status) == ("direct", "normal")
    assert "流入丙" in login("branch_admin").get("/admin/direct_member/").get_data(as_text=True)


def test_a_refused_conversion_leaves_him_an_inflow_member_with_the_reason(ctx, city, login):
    p, _ = convert(ctx, city, login)

    login("committee_admin").post(f"/admin/member/reject/?id={p.id}", data={
        "reason": "材料不全", "version": str(ctx.get(Person, p.id).version)})

    ctx.expire_all()
    person = ctx.get(Person, p.id)
    assert (person.management, person.status) == ("inflow", "normal")
    assert ctx.query(ApprovalDecision).filter_by(person_id=p.id).one().reason == "材料不全"
    assert "流入丙" in login("branch_admin").get("/admin/inflow_member/").get_data(as_text=True)


def test_the_branch_cannot_approve_its_own_conversion(ctx, city, login):
    p, _ = convert(ctx, city, login)

    login("branch_admin").post(f"/admin/member/approve/?id={p.id}", data={
        "version": str(ctx.get(Person, p.id).version)})

    ctx.expire_all()
    assert ctx.get(Person, p.id).status == "pending"
