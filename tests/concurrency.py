"""Run jobs at the same moment, each on its own database connection (threads)."""
from __future__ import annotations

import threading

from sqlalchemy.orm import Session

from models import db


def run_at_once(app, jobs, *, prepare=None, ok: str = "done", expected: dict | None = None,
                timeout: float = 60) -> list[tuple]:
    """Run each job(session) in its own thread and session; return (label, value) per job.

    `prepare(session)` runs first in each thread (e.g. to meet at a barrier before writing);
    `expected` maps an exception class to the label its outcome gets. Any other exception is
    ("error", repr) so that the test's assertions show it.
    """
    expected = expected or {}
    results: list = [None] * len(jobs)

    def run(i, job):
        with app.app_context():
            session = Session(db.engine)
            try:
                if prepare is not None:
                    prepare(session)
                results[i] = (ok, job(session))
            except tuple(expected) as err:
                session.rollback()
                label = next(v for k, v in expected.items() if isinstance(err, k))
                results[i] = (label, err.message)
            except Exception as err:  # surfaced by the assertions
                session.rollback()
                results[i] = ("error", repr(err))
            finally:
                session.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    return results
