"""Captcha challenges kept on the server: each one accepts a single answer, right or wrong."""
from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from models.base import utcnow
from models.security import CaptchaChallenge

TTL = timedelta(seconds=300)


def issue(session, digest: str) -> str:
    """Store a new challenge (the keyed digest of its text) and return its id. Commits."""
    now = utcnow()
    session.execute(delete(CaptchaChallenge).where(CaptchaChallenge.issued_at < now - TTL)
                    .execution_options(synchronize_session=False))
    challenge_id = secrets.token_hex(16)
    session.add(CaptchaChallenge(id=challenge_id, digest=digest, issued_at=now))
    session.commit()
    return challenge_id


def consume(session, challenge_id: str | None) -> str | None:
    """Use up a challenge: return its digest if it existed and was fresh, else None. Commits.

    The row is deleted first and only the request whose DELETE removed it gets the digest, so
    the same challenge (e.g. a replayed cookie) can never be answered twice, even at once.
    """
    if not challenge_id or not isinstance(challenge_id, str) or len(challenge_id) > 32:
        return None
    row = session.execute(select(CaptchaChallenge.digest, CaptchaChallenge.issued_at)
                          .where(CaptchaChallenge.id == challenge_id)).first()
    if row is None:
        return None
    gone = session.execute(delete(CaptchaChallenge).where(CaptchaChallenge.id == challenge_id)
                           .execution_options(synchronize_session=False)).rowcount
    session.commit()
    if gone != 1 or row.issued_at < utcnow() - TTL:
        return None
    return row.digest
