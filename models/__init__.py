"""SQLAlchemy models. Import every model module here so metadata is complete."""
from models import current_team, submission_state  # noqa: F401 (their triggers, by create_all)
from models.audit import AuditArchivePermit, AuditLog  # noqa: F401
from models.base import Base, PersonRecord, Scoped, db, path_bounds  # noqa: F401
from models.delegates import Delegate, Volunteer  # noqa: F401
from models.dev_rules import CalendarDay, DevRuleConfig  # noqa: F401
from models.development import DevAttachment, DevRecord, DevSubmission  # noqa: F401
from models.difficulty import Assistance, DifficultMember  # noqa: F401
from models.export_job import ExportJob  # noqa: F401
from models.member import ApprovalDecision, Flow, IdNumberChange, StatusChange, Transfer  # noqa: F401
from models.org import Organization  # noqa: F401
from models.org_records import OrgChange, OrgOfficer, OrgRecord, OrgTeam  # noqa: F401
from models.person import Person  # noqa: F401
from models.portal import ActivationAttempt, ActivationCode, PortalAccount  # noqa: F401
from models.records import Activity, DuesPayment, Evaluation, Punishment, Reward  # noqa: F401
from models.security import CaptchaChallenge  # noqa: F401
from models.statdef import StatDefinition  # noqa: F401
from models.tally import PersonDevTally, PersonProfileTally, PersonTally  # noqa: F401
from models.user import User  # noqa: F401
