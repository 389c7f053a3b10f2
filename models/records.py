"""Member records (党员信息维护): activities, dues, evaluations, rewards, punishments."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from models.base import CString, PersonRecord, db, sort_index, utcnow

COMMON_LABELS = {"id": "编号", "person": "党员", "person_id": "党员", "content": "内容",
                 "created_by_id": "录入人", "batch_id": "批次号", "created_at": "录入时间"}


class MemberRecord(PersonRecord):
    """Columns every member record shares: who entered it, in which batch, when."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content: Mapped[str | None] = mapped_column(String(1000))
    # Rows added together by a batch entry share this id (a uuid hex).
    batch_id: Mapped[str | None] = mapped_column(CString(32), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))


class Activity(db.Model, MemberRecord):
    present_reach = True  # the receiving side of a flow keeps these too
    __tablename__ = "activity"
    __label__ = "活动记录"
    __labels__ = {**COMMON_LABELS, "held_on": "活动日期", "title": "活动名称", "place": "活动地点"}

    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(100))
    place: Mapped[str | None] = mapped_column(String(100))

    # One record of an activity per member: two identical batch entries cannot both add it.
    __table_args__ = (UniqueConstraint("person_id", "held_on", "title"),
                      sort_index("activity", "held_on", "person_id"))

    def __str__(self) -> str:
        return f"{self.title} {self.held_on}"


class DuesPayment(db.Model, MemberRecord):
    __tablename__ = "dues_payment"
    __label__ = "党费交纳记录"
    __labels__ = {**COMMON_LABELS, "paid_on": "交纳日期", "month_from": "起始月份",
                  "month_to": "截止月份", "dues_class": "计算类别", "income_base": "计算基数（元）",
                  "computed_monthly": "应交月额（元）", "monthly_amount": "实交月额（元）",
                  "amount": "交纳金额（元）", "override_reason": "调整理由"}

    paid_on: Mapped[date] = mapped_column(Date)
    # Months are stored as the first day of the month; a payment covers month_from..month_to.
    month_from: Mapped[date] = mapped_column(Date)
    month_to: Mapped[date] = mapped_column(Date)
    dues_class: Mapped[str | None] = mapped_column(String(12))
    income_base: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    computed_monthly: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    monthly_amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    override_reason: Mapped[str | None] = mapped_column(String(200))

    # A month is paid once: no two payments of a member start or end in the same month (the
    # overlap rule itself is checked under a row lock on the member). The arrears check looks
    # for each person's latest paid month on the (person_id, month_to) index.
    __table_args__ = (UniqueConstraint("person_id", "month_from"),
                      UniqueConstraint("person_id", "month_to"),
                      sort_index("dues_payment", "month_to", "person_id"),
                      sort_index("dues_payment", "paid_on", "person_id"))

    def __str__(self) -> str:
        return f"{self.month_from:%Y-%m}至{self.month_to:%Y-%m} {self.amount}元"


class Evaluation(db.Model, MemberRecord):
    present_reach = True  # the receiving side of a flow keeps these too
    __tablename__ = "evaluation"
    __label__ = "民主评议"
    __labels__ = {**COMMON_LABELS, "year": "评议年度", "evaluated_on": "评议日期", "grade": "评议等次"}

    year: Mapped[int] = mapped_column(Integer)
    evaluated_on: Mapped[date] = mapped_column(Date)
    grade: Mapped[str] = mapped_column(String(1))

    # One evaluation per member and year.
    __table_args__ = (UniqueConstraint("person_id", "year"),
                      sort_index("evaluation", "year", "person_id"))

    def __str__(self) -> str:
        return f"{self.year}年度民主评议"


class Reward(db.Model, MemberRecord):
    __tablename__ = "reward"
    __label__ = "奖励情况"
    __labels__ = {**COMMON_LABELS, "awarded_on": "奖励日期", "title": "奖励名称",
                  "granted_by": "批准机关"}

    awarded_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(100))
    granted_by: Mapped[str | None] = mapped_column(String(100))

    __table_args__ = (UniqueConstraint("person_id", "awarded_on", "title"),
                      sort_index("reward", "awarded_on", "person_id"))

    def __str__(self) -> str:
        return f"{self.title} {self.awarded_on}"


class Punishment(db.Model, MemberRecord):
    __tablename__ = "punishment"
    __label__ = "惩戒情况"
    __labels__ = {**COMMON_LABELS, "punished_on": "处分日期", "kind": "处分种类", "reason": "处分原因",
                  "granted_by": "批准机关"}

    punished_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(1))
    reason: Mapped[str] = mapped_column(String(200))
    granted_by: Mapped[str | None] = mapped_column(String(100))

    # One punishment of a kind per member and day.
    __table_args__ = (UniqueConstraint("person_id", "punished_on", "kind"),
                      sort_index("punishment", "punished_on", "person_id"))

    def __str__(self) -> str:
        return f"处分 {self.punished_on}"


def _paid_to(person: str) -> str:
    return (f"UPDATE person SET dues_paid_to = (SELECT max(month_to) FROM dues_payment "
            f"WHERE person_id = {person}) WHERE id = {person}")


# Per dialect, the statements that keep person.dues_paid_to equal to the person's latest
# paid month through every insert, change and delete of a payment.
DUES_PAID_DDL = {
    "postgresql": [
        f"""
CREATE OR REPLACE FUNCTION person_dues_paid_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_paid_to("OLD.person_id")};
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        {_paid_to("NEW.person_id")};
    END IF;
    RETURN NULL;
END
$$""",
        "CREATE TRIGGER dues_payment_paid_to AFTER INSERT OR DELETE OR UPDATE OF person_id, "
        "month_to ON dues_payment FOR EACH ROW EXECUTE FUNCTION person_dues_paid_keep()",
    ],
    "sqlite": [
        f"CREATE TRIGGER dues_payment_paid_insert AFTER INSERT ON dues_payment "
        f"BEGIN {_paid_to('NEW.person_id')}; END",
        f"CREATE TRIGGER dues_payment_paid_delete AFTER DELETE ON dues_payment "
        f"BEGIN {_paid_to('OLD.person_id')}; END",
        f"CREATE TRIGGER dues_payment_paid_change AFTER UPDATE OF person_id, month_to "
        f"ON dues_payment BEGIN {_paid_to('OLD.person_id')}; {_paid_to('NEW.person_id')}; END",
    ],
}


def _install_dues_paid(target, connection, **kw) -> None:
    for statement in DUES_PAID_DDL.get(connection.dialect.name, ()):
        connection.exec_driver_sql(statement)


event.listen(db.metadata, "after_create", _install_dues_paid)
