"""The platform's own message catalogues (zh_Hans_CN): Flask-Admin ("admin") and WTForms.

The .po files are the source; the compiled .mo files next to them are committed and shipped
in the package (tests check they match). After editing a .po run
`python -m admin_app.translations` to compile.
"""
from __future__ import annotations

import os
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

HERE = os.path.dirname(os.path.abspath(__file__))
LOCALE = "zh_Hans_CN"
DOMAINS = ("admin", "wtforms")


def po_path(domain: str) -> str:
    return os.path.join(HERE, LOCALE, "LC_MESSAGES", f"{domain}.po")


def compiled(domain: str) -> bytes:
    """The .mo bytes for a domain's .po file."""
    with open(po_path(domain), "rb") as fh:
        catalog = read_po(fh, locale=LOCALE)
    buf = BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def compile_all() -> None:
    for domain in DOMAINS:
        with open(po_path(domain)[:-3] + ".mo", "wb") as fh:
            fh.write(compiled(domain))
