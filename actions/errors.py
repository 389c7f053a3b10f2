"""The one family of errors a user reads: Chinese message, optional form field."""
from __future__ import annotations


class DomainError(Exception):
    """A rule stopped the operation; `message` is shown to the user as is."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotInScope(DomainError):
    """The object or a target it points to lies outside the user's jurisdiction."""

    def __init__(self, message: str = "超出本组织管辖范围，无权操作", field: str | None = None):
        super().__init__(message, field)


class PermissionDenied(DomainError):
    """The user's role does not allow the operation."""

    def __init__(self, message: str = "当前角色无权进行此操作", field: str | None = None):
        super().__init__(message, field)


class RuleViolation(DomainError):
    """A regulation or a validation rule forbids the operation."""


class Conflict(DomainError):
    """Someone else changed or decided the same thing first."""

    def __init__(self, message: str = "该记录已被他人修改或处理，请刷新后重试", field=None):
        super().__init__(message, field)
