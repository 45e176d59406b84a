"""One exception base for the domain core; `api/` maps these to HTTP responses."""

from __future__ import annotations


class CoachError(Exception):
    code = "coach_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(CoachError):
    code = "not_found"


class ValidationFailed(CoachError):
    """Input that is well-formed but not acceptable (implausible reading, unknown kind ...)."""

    code = "validation_error"


class ConflictError(CoachError):
    code = "conflict"


class ConfigurationError(CoachError):
    code = "configuration_error"
