"""Session generations: bumping a user's number ends every session opened before."""
from __future__ import annotations

from sqlalchemy import update

from models import User


def end_sessions(session, user_id: int) -> int:
    """End every session of the user (the caller commits). Return the new generation."""
    session.execute(update(User).where(User.id == user_id)
                    .values(session_generation=User.session_generation + 1)
                    .execution_options(synchronize_session=False))
    user = session.get(User, user_id)
    if user is not None:
        session.refresh(user, ["session_generation"])
        return user.session_generation
    return 0
