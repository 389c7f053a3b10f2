"""Logging: one format for the app and gunicorn, on stdout (journald), ID numbers masked.

Every line is `time level logger: message`; errors carry their traceback. The access log
(gunicorn) writes one line per request: client, user, method, path (never the query string,
which may hold a searched ID number), status, bytes and duration in milliseconds.
Whatever ends up in a line (an exception text with SQL parameters, a database's DETAIL, a path),
18-digit resident ID numbers are masked by `actions.privacy.mask_id` before it is written.
"""
from __future__ import annotations

import logging
import re
import sys

from actions.privacy import mask_id

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# 17 digits and a digit or X, not inside a longer run of digits.
ID_NUMBER = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
# The environ key the app fills with the logged-in user; gunicorn's access format reads it.
USER_KEY = "party.user"
# Libraries that report progress at INFO (a PDF is seven lines): only their warnings.
QUIET = ("weasyprint", "weasyprint.progress", "fontTools")
ACCESS_FORMAT = ('%(h)s %({' + USER_KEY + '}e)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms')


def mask(text: str) -> str:
    """Return `text` with every resident ID number masked."""
    return ID_NUMBER.sub(lambda m: mask_id(m.group(0)), text)


class MaskingFormatter(logging.Formatter):
    """A formatter that masks ID numbers in the whole line, traceback included."""

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))


def handler(stream=None) -> logging.Handler:
    h = logging.StreamHandler(stream or sys.stdout)
    h.setFormatter(MaskingFormatter(FORMAT))
    return h


def configure(level: str = "INFO") -> None:
    """Send the app's logs to stdout unless something (gunicorn, a test runner) already did."""
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(handler())
        root.setLevel(level.upper())
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.getEffectiveLevel()))


def gunicorn_logconfig(level: str = "INFO") -> dict:
    """gunicorn's `logconfig_dict`: its error and access logs and the app's, on stdout, masked."""
    console = {"class": "logging.StreamHandler", "formatter": "masked",
               "stream": "ext://sys.stdout"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"masked": {"()": "admin_app.logs.MaskingFormatter", "fmt": FORMAT}},
        "handlers": {"console": console},
        "root": {"level": level.upper(), "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": level.upper(), "handlers": ["console"],
                               "propagate": False, "qualname": "gunicorn.error"},
            "gunicorn.access": {"level": "INFO", "handlers": ["console"],
                                "propagate": False, "qualname": "gunicorn.access"},
            **{name: {"level": "WARNING"} for name in QUIET},
        },
    }
