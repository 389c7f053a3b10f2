"""Introduction letters (介绍信): the letter's data, Chinese capital numerals, PDF rendering and
the audit entry of every letter shown for printing or downloaded."""
from __future__ import annotations

from datetime import date

from actions import audit
from actions.development.dates import age_on
from models import Transfer
from models.codes import ETHNICITY, SEX, label

DIGITS = "零壹贰叁肆伍陆柒捌玖"


def capital_digits(n: int) -> str:
    """Write a number digit by digit in capitals (a year: 2026 -> 贰零贰陆)."""
    return "".join(DIGITS[int(d)] for d in str(n))


def capital_number(n: int) -> str:
    """Write 0-999 in capitals with units (11 -> 拾壹, 30 -> 叁拾, 105 -> 壹佰零伍)."""
    if not 0 <= n <= 999:
        raise ValueError("out of range")
    if n < 10:
        return DIGITS[n]
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = ""
    if hundreds:
        out += DIGITS[hundreds] + "佰"
        if tens == 0 and ones:
            return out + "零" + DIGITS[ones]
    if tens:
        out += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "拾"
    if ones:
        out += DIGITS[ones]
    return out


def letter_context(transfer: Transfer, today: date | None = None) -> dict:
    """Return what the letter template prints for a transfer."""
    person = transfer.person
    issued = transfer.issued_on
    dues = transfer.dues_paid_until
    return {
        "t": transfer,
        "p": person,
        "kind": "正式" if person.stage == "full" else "预备",
        "sex": label(SEX, person.sex),
        "ethnicity": label(ETHNICITY, person.ethnicity),
        "age": age_on(person.birth_date, issued),
        "from_name": transfer.from_org.name,
        "to_name": transfer.to_org_name,
        "year": capital_digits(issued.year),
        "month": capital_number(issued.month),
        "day": capital_number(issued.day),
        "valid": capital_number(transfer.valid_days),
        "dues_year": capital_digits(dues.year) if dues else "",
        "dues_month": capital_number(dues.month) if dues else "",
    }


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """Render a printable HTML document to PDF bytes."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()


SHOWN = {"print": "打印介绍信 {no}", "pdf": "下载介绍信 {no}（PDF）"}


def record_shown(session, rows, how: str) -> None:
    """Log that these transfers' letters were shown for printing (`print`) or downloaded as a
    PDF (`pdf`); one entry per letter, in the issuing organisation. The caller commits."""
    for t in rows:
        audit.record(session, "print" if how == "print" else "export", "transfer",
                     SHOWN[how].format(no=t.letter_no), t.from_org_path,
                     {"transfer_id": t.id}, person_id=t.person_id)
