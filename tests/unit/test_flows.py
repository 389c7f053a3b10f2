"""Flowing members stay on the roll; inflow members are managed, not members, of the recorder."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from actions import clock
from actions.errors import NotInScope, RuleViolation
from actions.members import flows, people
from actions.orgs import changes
from models import Flow, Organization, Person
from models.codes import ON_ROLL
from tests import factories as f

TODAY = clock.today()


def flow_fields(**kw):
    values = dict(out_on=TODAY, place="深圳", reason="外出务工", dest_unit="深圳某公司")
    values.update(kw)
    return flows.FlowFields(**values)


def test_flowing_member_stays_on_the_roll_and_returns(ctx, city):
    p = f.make_person(ctx, city.branch_a1a)

    flow = flows.flow_out(ctx, city.branch_admin, p, flow_fields())
    assert p.status == "flowing" and p.status in ON_ROLL and p.org_id == city.branch_a1a.id
    flows.flow_return(ctx, city.branch_admin, flow, TODAY)

    assert (p.status, flow.status, flow.returned_on) == ("normal", "returned", TODAY)


@pytest.mark.parametrize("kw, field", [
    ({"out_on": None}, "out_on"), ({"place": " "}, "place"), ({"reason": ""}, "reason"),
    ({"dest_unit": None}, "dest_unit"),
    ({"expected_return_on": TODAY - timedelta(days=1)}, "expected_return_on"),
])
def test_flow_needs_date_place_reason_and_destination(ctx, city, kw, field):
    p = f.make_person(ctx, city.branch_a1a)

    with pytest.raises(RuleViolation) as err:
        flows.flow_out(ctx, city.branch_admin, p, flow_fields(**kw))

    assert err.value.field == field
    ctx.rollback()
    assert ctx.get(Person, p.id).status == "normal"


def test_flow_to_an_organisation_in_the_system_is_received_there(ctx, city):
    p = f.make_person(ctx, city.branch_a1a)
    flow = flows.flow_out(ctx, city.branch_admin, p, flow_fields(dest_org_id=city.branch_b1.id))

    with pytest.raises(NotInScope):
        flows.receive_flow(ctx, city.sibling_admin, flow)
    ctx.rollback()
    flows.receive_flow(ctx, city.district_b_admin, flow)

    assert flow.received_on == TODAY
    assert ctx.get(Person, p.id).org_id == city.branch_a1a.id


def test_flow_maintenance_updates_the_record(ctx, city):
    p = f.make_person(ctx, city.branch_a1a)
    flow = flows.flow_out(ctx, city.branch_admin, p, flow_fields())

    flows.update_flow(ctx, city.branch_admin, flow, flow_fields(place="广州", contact="13800000000"))

    assert (flow.place, flow.contact) == ("广州", "13800000000")


def test_inflow_member_is_managed_by_the_recorder_and_can_become_direct(ctx, city):
    fields = people.PersonFields(name="流入者", stage="full", joined_on=date(2000, 7, 1))
    p = flows.create_managed(ctx, city.sibling_admin, city.branch_a1b.id, f.id_number(), fields,
                             "inflow")
    assert (p.management, p.status) == ("inflow", "normal")

    flows.convert_to_direct(ctx, city.sibling_admin, p)

    assert p.management == "direct"


def test_inflow_entry_refuses_an_id_number_already_registered(ctx, city):
    other = f.make_person(ctx, city.branch_b1)
    fields = people.PersonFields(name="重复", stage="full", joined_on=date(2000, 7, 1))

    with pytest.raises(RuleViolation):
        flows.create_managed(ctx, city.sibling_admin, city.branch_a1b.id, other.id_number, fields,
                             "inflow")


def test_activist_entry_does_not_need_a_join_date(ctx, city):
    fields = people.PersonFields(name="积极", stage="activist", applied_on=date(2024, 1, 1))

    p = flows.create_managed(ctx, city.sibling_admin, city.branch_a1b.id, f.id_number(), fields,
                             "direct")

    assert (p.stage, p.status) == ("activist", "normal")


def test_direct_member_cannot_be_converted_again(ctx, city):
    p = f.make_person(ctx, city.branch_a1a)

    with pytest.raises(RuleViolation):
        flows.convert_to_direct(ctx, city.branch_admin, p)


def _awaited(ctx, user) -> list:
    return ctx.execute(select(Flow.id).where(*flows.awaiting(user)).order_by(Flow.id)).scalars().all()


def test_a_flow_keeps_the_path_of_the_organisation_it_flows_into(ctx, city):
    p = f.make_person(ctx, city.branch_a1a)

    flow = flows.flow_out(ctx, city.branch_admin, p, flow_fields(dest_org_id=city.branch_b1.id))
    assert flow.dest_org_path == city.branch_b1.path
    flows.update_flow(ctx, city.branch_admin, flow, flow_fields(dest_org_id=city.branch_a1b.id))
    assert ctx.execute(select(Flow.dest_org_path)).scalar_one() == city.branch_a1b.path
    flows.update_flow(ctx, city.branch_admin, flow, flow_fields())

    assert ctx.execute(select(Flow.dest_org_path)).scalar_one() is None


def test_a_flow_is_awaited_by_its_destination_and_those_above_until_received(ctx, city):
    p = f.make_person(ctx, city.branch_b1)
    flow = flows.flow_out(ctx, city.district_b_admin, p, flow_fields(dest_org_id=city.branch_a1a.id))

    for user in (city.city_admin, city.district_admin, city.branch_admin):
        assert _awaited(ctx, user) == [flow.id]
    for user in (city.sibling_admin, city.district_b_admin):
        assert _awaited(ctx, user) == []
    flows.receive_flow(ctx, city.branch_admin, flow)

    assert _awaited(ctx, city.district_admin) == []


def test_re_parenting_the_destinations_parent_moves_the_flow_and_its_reminder(ctx, city):
    p = f.make_person(ctx, city.branch_b1)
    flow = flows.flow_out(ctx, city.district_b_admin, p, flow_fields(dest_org_id=city.branch_a1a.id))

    changes.move_org(ctx, city.city_admin, city.committee_a1, city.district_b.id, "009", TODAY)

    ctx.expire_all()
    dest = ctx.get(Organization, city.branch_a1a.id)
    assert dest.path.startswith(city.district_b.path)
    assert ctx.get(Flow, flow.id).dest_org_path == dest.path
    assert _awaited(ctx, city.district_b_admin) == [flow.id]
    assert _awaited(ctx, city.district_admin) == []
