"""SQLAlchemy models. Import every model module here so metadata is complete."""
from .base import Base, PersonRecord, Scoped, db, path_bounds  # noqa: F401
from .org import Organization  # noqa: F401
from .person import Person  # noqa: F401
from .user import User  # noqa: F401
from .audit import AuditLog  # noqa: F401
from .development import DevAttachment, DevRecord, DevSubmission  # noqa: F401
from .portal import ActivationAttempt, ActivationCode, PortalAccount  # noqa: F401
