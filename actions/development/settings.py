"""Thresholds of the rule checks: settings with the national defaults, never literals in rules.

The settings live in the database (actions.development.rule_config); a submission keeps a copy
(`as_mapping`) so that its steps are judged later by the settings it was filed with.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date

VERSIONS = ("2014", "2026")


@dataclass(frozen=True)
class RuleSettings:
    # The version for days without a revision date; with `revision_2026_from` the version of a
    # step is the one in force on the step's date (see `on`).
    version: str = "2014"
    revision_2026_from: date | None = None
    # Public notice (公示): always in 2026; in 2014 practice a local system, on by default.
    notice_required: bool = True
    notice_working_days: int = 5
    holidays: frozenset = field(default_factory=frozenset)
    workdays: frozenset = field(default_factory=frozenset)
    inspection_months: int = 6  # R06/R21: one branch inspection per completed half-year
    report_months: int | None = None  # thought reports: national rules set no frequency
    approval_months: int = 3  # R18/R24
    approval_special_months: int = 6
    # Optional local deadlines (off = None); 2026 makes two of them national.
    activist_within_months: int | None = None
    prereview_within_months: int | None = None
    meeting_after_prereview_months: int | None = None
    conversion_meeting_within_months: int | None = None
    political_review_valid_months: int | None = None
    oath_within_months: int | None = None

    def on(self, day: date | None) -> "RuleSettings":
        """Return these settings with the version in force on `day`."""
        if self.revision_2026_from is None or day is None:
            return self
        return replace(self, version="2026" if day >= self.revision_2026_from else "2014")

    def as_mapping(self) -> dict:
        """Plain JSON-able values, read back by `from_mapping` (the snapshot of a submission)."""
        data = asdict(self)
        data["revision_2026_from"] = (self.revision_2026_from.isoformat()
                                      if self.revision_2026_from else None)
        for key in ("holidays", "workdays"):
            data[key] = sorted(d.isoformat() for d in getattr(self, key))
        return data

    @property
    def meeting_deadline(self) -> int | None:
        return 1 if self.version == "2026" else self.meeting_after_prereview_months

    @property
    def oath_deadline(self) -> int | None:
        return 1 if self.version == "2026" else self.oath_within_months

    @property
    def notice_on(self) -> bool:
        return self.version == "2026" or self.notice_required


def _date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def from_mapping(data: dict | None) -> RuleSettings:
    """Build settings from a plain mapping (a submission's snapshot); unknown keys fail."""
    data = dict(data or {})
    names = {f.name for f in fields(RuleSettings)}
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"unknown development rule settings: {sorted(unknown)}")
    for key in ("holidays", "workdays"):
        if key in data:
            data[key] = frozenset(_date(v) for v in data[key])
    if data.get("revision_2026_from"):
        data["revision_2026_from"] = _date(data["revision_2026_from"])
    if data.get("version", "2014") not in VERSIONS:
        raise ValueError(f"rule-set version must be one of {VERSIONS}")
    return RuleSettings(**data)
