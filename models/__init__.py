"""SQLAlchemy models. Import every model module here so metadata is complete."""
from .base import Base, PersonRecord, Scoped, db, path_bounds  # noqa: F401
from .org import Organization  # noqa: F401
from .person import Person  # noqa: F401
from .user import User  # noqa: F401
from .audit import AuditLog  # noqa: F401
from .development import DevAttachment, DevRecord, DevSubmission  # noqa: F401
from .statdef import StatDefinition  # noqa: F401
from .org_records import OrgChange, OrgOfficer, OrgRecord, OrgTeam  # noqa: F401
from .difficulty import Assistance, DifficultMember  # noqa: F401
from .member import ApprovalDecision, Flow, IdNumberChange, StatusChange, Transfer  # noqa: F401
from .records import Activity, DuesPayment, Evaluation, Punishment, Reward  # noqa: F401
from .delegates import Delegate, Volunteer  # noqa: F401
from .portal import ActivationAttempt, ActivationCode, PortalAccount  # noqa: F401
from .security import CaptchaChallenge  # noqa: F401
