"""Organisation-relationship transfers (关系转出/转入): issue, accept, reject, cancel, receipts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from actions import clock
from actions.errors import Conflict, NotInScope, PermissionDenied, RuleViolation
from actions.orgs.changes import register_path_column
from actions.scoping import bounds_of, ensure_in_scope
from models import Organization, Person, StatusChange, Transfer, path_bounds
from models.base import utcnow
from models.codes import MEMBER_STAGES
from models.member import RECEIPT_WAITING

# Re-parenting an organisation moves the transfers it sent and those it is to receive with it:
# its new superiors see them (转入待接收, 回执逾期), its old ones no longer do.
register_path_column(Transfer, "from_org_path")
register_path_column(Transfer, "to_org_path")

RECEIPT_DAYS = 30
DECIDED = "该转接已被他人处理，请刷新后查看结果"


@dataclass
class TransferFields:
    direction: str
    issued_on: date | None
    valid_days: int | None
    to_org_id: int | None = None
    to_org_name: str | None = None
    dues_paid_until: date | None = None
    member_phone: str | None = None
    issuer_address: str | None = None
    issuer_phone: str | None = None
    issuer_fax: str | None = None
    issuer_postcode: str | None = None


def _receiver(session, fields: TransferFields, person: Person) -> tuple[Organization | None, str]:
    if fields.direction == "in_city":
        org = session.get(Organization, fields.to_org_id) if fields.to_org_id else None
        if org is None or org.status != "active":
            raise RuleViolation("请从组织树中选择转入党组织（须为正常状态的党组织）", "to_org")
        if org.id == person.org_id:
            raise RuleViolation("转入党组织不能是党员当前所在的党组织", "to_org")
        return org, org.name
    if fields.direction == "out_city":
        name = (fields.to_org_name or "").strip()
        if not name:
            raise RuleViolation("请填写转入党组织名称", "to_org_name")
        return None, name[:200]
    raise RuleViolation("请选择转出方向", "direction")


def next_letter_seq(session, org_id: int, year: int) -> int:
    return (session.execute(select(func.max(Transfer.letter_seq)).where(
        Transfer.from_org_id == org_id, Transfer.letter_year == year)).scalar() or 0) + 1


def issue(session, actor, person_id: int, fields: TransferFields) -> Transfer:
    """Issue a transfer letter; 市内 waits for the receiver, 市外 takes the member off the roll."""
    if not actor.can("operator"):
        raise PermissionDenied()
    person = session.get(Person, person_id)
    ensure_in_scope(person, actor)
    if person.stage not in MEMBER_STAGES or person.management != "direct":
        raise RuleViolation("只有直管党员（正式或预备）可以办理组织关系转出")
    if person.status != "normal":
        raise RuleViolation("该党员当前状态不能转出（须为正常状态，流动党员请先返回）")
    if fields.issued_on is None:
        raise RuleViolation("请填写转出日期", "issued_on")
    if fields.issued_on > clock.today():
        raise RuleViolation("转出日期不能晚于今天", "issued_on")
    days = fields.valid_days
    if days is None or not 1 <= days <= 180:
        raise RuleViolation("有效期应为1至180天", "valid_days")
    org, name = _receiver(session, fields, person)
    year = fields.issued_on.year
    seq = next_letter_seq(session, person.org_id, year)
    transfer = Transfer(
        person_id=person.id, letter_year=year, letter_seq=seq,
        letter_no=f"{person.org.code}-{year}-{seq:03d}", direction=fields.direction,
        from_org_id=person.org_id, from_org_path=person.org_path,
        to_org_id=org.id if org else None, to_org_path=org.path if org else None, to_org_name=name,
        issued_on=fields.issued_on, valid_days=days, dues_paid_until=fields.dues_paid_until,
        status="pending" if org else "issued",
        member_phone=(fields.member_phone or person.phone or "").strip() or None,
        issuer_address=fields.issuer_address, issuer_phone=fields.issuer_phone,
        issuer_fax=fields.issuer_fax, issuer_postcode=fields.issuer_postcode,
    )
    person.status = "transfer_pending" if org else "transferred_out"
    session.add(transfer)
    try:
        session.commit()
    except (IntegrityError, StaleDataError):
        session.rollback()
        raise Conflict("该党员或介绍信编号已被他人同时处理，请刷新后重试") from None
    return transfer


def _load(session, actor, transfer_id: int, version: int | None) -> Transfer:
    if not actor.can("operator"):
        raise PermissionDenied()
    transfer = session.get(Transfer, transfer_id)
    if transfer is None:
        raise NotInScope()
    if transfer.status != "pending" or (version is not None and transfer.version != version):
        raise Conflict(DECIDED)
    return transfer


def _ensure_receiver(transfer: Transfer, actor) -> None:
    lo, hi = bounds_of(actor)
    if not transfer.to_org_path or not lo <= transfer.to_org_path < hi:
        raise NotInScope()


def _finish(session) -> None:
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict(DECIDED) from None


def is_expired(transfer: Transfer, on: date | None = None) -> bool:
    return (on or clock.today()) > transfer.issued_on + timedelta(days=transfer.valid_days)


def accept(session, actor, transfer_id: int, version: int | None = None,
           expired_note: str | None = None) -> Transfer:
    """Accept a pending transfer: only now does the member's organisation change."""
    transfer = _load(session, actor, transfer_id, version)
    _ensure_receiver(transfer, actor)
    note = (expired_note or "").strip()
    if is_expired(transfer) and not note:
        raise RuleViolation("介绍信已超过有效期，接收须填写情况说明", "expired_note")
    org = transfer.to_org
    if org.status != "active":
        raise RuleViolation("转入党组织已撤销，不能接收")
    person = transfer.person
    person.org_id, person.org_path, person.status = org.id, org.path, "normal"
    session.add(StatusChange(person_id=person.id, kind="transfer_in", changed_on=clock.today(),
                             reason=f"组织关系由{transfer.from_org.name}转入（{transfer.letter_no}）"[:500],
                             status_before="transfer_pending", status_after="normal"))
    transfer.status = "accepted"
    transfer.expired_note = note or None
    transfer.receipt_returned_on = clock.today()  # acceptance in the system is the receipt
    transfer.decided_at, transfer.decided_by = utcnow(), actor.username
    _finish(session)
    return transfer


def reject(session, actor, transfer_id: int, reason: str, version: int | None = None) -> Transfer:
    """Refuse a pending transfer with a reason; the member stays with the sender."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请填写拒绝原因", "reason")
    transfer = _load(session, actor, transfer_id, version)
    _ensure_receiver(transfer, actor)
    transfer.status, transfer.reason = "rejected", reason[:500]
    transfer.decided_at, transfer.decided_by = utcnow(), actor.username
    transfer.person.status = "normal"
    _finish(session)
    return transfer


def cancel(session, actor, transfer_id: int, version: int | None = None) -> Transfer:
    """Withdraw a pending transfer on the sender's side."""
    transfer = _load(session, actor, transfer_id, version)
    _check_issued_within(actor, transfer)
    transfer.status = "cancelled"
    transfer.decided_at, transfer.decided_by = utcnow(), actor.username
    transfer.person.status = "normal"
    _finish(session)
    return transfer


class ReceiptRecorded(RuleViolation):
    """The receipt is already recorded: changing its date needs the user's confirmation."""

    def __init__(self, transfers: list, on: date):
        self.transfers, self.on = transfers, on
        listed = "、".join(f"{t.letter_no}（{t.receipt_returned_on:%Y-%m-%d}）" for t in transfers)
        super().__init__(f"以下介绍信的回执已登记返回：{listed}。确定将回执返回日期改为 {on:%Y-%m-%d} 吗？",
                         "receipt_returned_on")


def _check_receipt(actor, transfer: Transfer, on: date | None) -> None:
    _check_issued_within(actor, transfer)
    if transfer.status not in ("issued", "accepted"):
        raise RuleViolation(f"{transfer.letter_no}：只有已转出或已接收的转接可以登记回执")
    if on is None:
        raise RuleViolation("请填写回执返回日期", "receipt_returned_on")
    if on < transfer.issued_on:
        raise RuleViolation(f"回执返回日期不能早于介绍信 {transfer.letter_no} 的开具日期"
                            f"（{transfer.issued_on:%Y-%m-%d}）", "receipt_returned_on")
    if on > clock.today():
        raise RuleViolation("回执返回日期不能晚于今天", "receipt_returned_on")


def record_receipts(session, actor, transfers: list, on: date | None, replace: bool = False) -> int:
    """Record the day the receivers' receipts came back, for all the letters or none.

    A receipt already recorded with another date is changed only with `replace` (the user
    confirmed); the audit log keeps the old date. Returns how many letters changed.
    """
    if not actor.can("operator"):
        raise PermissionDenied()
    if not transfers:
        raise RuleViolation("请先勾选介绍信")
    for transfer in transfers:
        _check_receipt(actor, transfer, on)
    recorded = [t for t in transfers if t.receipt_returned_on not in (None, on)]
    if recorded and not replace:
        raise ReceiptRecorded(recorded, on)
    changed = [t for t in transfers if t.receipt_returned_on != on]
    for transfer in changed:
        transfer.receipt_returned_on = on
    _finish(session)
    return len(changed)


def mark_receipt(session, actor, transfer: Transfer, on: date | None,
                 replace: bool = False) -> Transfer:
    """Record that the receiver's receipt of one letter came back to the sender on `on`."""
    record_receipts(session, actor, [transfer], on, replace)
    return transfer


def overdue_days(transfer: Transfer, on: date | None = None) -> int:
    """Days past the month a receipt has to come back in (0 when not overdue)."""
    late = ((on or clock.today()) - transfer.issued_on).days - RECEIPT_DAYS
    return max(late, 0) if transfer.receipt_returned_on is None else 0


def receipt_overdue(transfer: Transfer, on: date | None = None) -> bool:
    """A receipt not back one month after issue (pending, issued or accepted) is overdue."""
    return (transfer.receipt_returned_on is None and transfer.status in ("pending", "issued", "accepted")
            and (on or clock.today()) > transfer.issued_on + timedelta(days=RECEIPT_DAYS))


def overdue_clause(on: date | None = None, days: int = 0):
    """SQL: receipts overdue (not back RECEIPT_DAYS after issue), by at least `days` days."""
    limit = (on or clock.today()) - timedelta(days=RECEIPT_DAYS + max(days - 1, 0))
    # The conditions of the partial index ix_transfer_receipt_open, which serves them.
    return (Transfer.receipt_returned_on.is_(None), Transfer.issued_on < limit,
            Transfer.status.in_(RECEIPT_WAITING))


def issued_under(path: str):
    """Condition: transfers issued by the organisation at `path` or one below it."""
    lo, hi = path_bounds(path)
    return and_(Transfer.from_org_path >= lo, Transfer.from_org_path < hi)


def incoming(actor) -> tuple:
    """Conditions of the transfers waiting to be received in the actor's jurisdiction (转入待接收),
    read from ix_transfer_to_org_path_status."""
    lo, hi = bounds_of(actor)
    return Transfer.status == "pending", Transfer.to_org_path >= lo, Transfer.to_org_path < hi


def issued_within(actor):
    """Condition: transfers issued by an organisation of the actor's jurisdiction."""
    return issued_under(actor.org.path)


def _check_issued_within(actor, transfer: Transfer) -> None:
    lo, hi = bounds_of(actor)
    if not lo <= transfer.from_org_path < hi:
        raise NotInScope()


def open_letters(session, actor, person_ids) -> list[Transfer]:
    """The letters still out for these people (pending, or issued out of the city with no
    receipt back), issued inside the actor's jurisdiction."""
    ids = [int(i) for i in person_ids]
    return list(session.execute(select(Transfer).where(
        Transfer.person_id.in_(ids), Transfer.status.in_(("pending", "issued")),
        Transfer.receipt_returned_on.is_(None), issued_within(actor))
        .order_by(Transfer.id)).scalars())
