"""How fast each level must be acknowledged, and how long a repeated reason joins the open ticket."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

# Most severe first; the index is the sort key of the clinician queue.
LEVELS: tuple[str, ...] = ("emergency", "urgent", "routine")
STATUSES: tuple[str, ...] = ("open", "acknowledged", "resolved", "cancelled")
LIVE_STATUSES: tuple[str, ...] = ("open", "acknowledged")

DEFAULT_SLA: dict[str, timedelta] = {
    "emergency": timedelta(minutes=5),
    "urgent": timedelta(hours=2),
    "routine": timedelta(hours=24),
}
DEFAULT_REPEAT_WINDOW = timedelta(hours=24)

# Settings fields read when present (seconds); see EscalationPolicy.from_settings.
SETTING_NAMES: dict[str, str] = {
    "emergency": "escalation_sla_emergency_s",
    "urgent": "escalation_sla_urgent_s",
    "routine": "escalation_sla_routine_s",
}
REPEAT_WINDOW_SETTING = "escalation_repeat_window_s"


def severity(level: str) -> int:
    """0 for the most severe level; unknown levels sort last."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


@dataclass(frozen=True)
class EscalationPolicy:
    sla: dict[str, timedelta] = field(default_factory=lambda: dict(DEFAULT_SLA))
    repeat_window: timedelta = DEFAULT_REPEAT_WINDOW

    def __post_init__(self) -> None:
        missing = [level for level in LEVELS if level not in self.sla]
        if missing:
            raise ValueError(f"escalation policy has no SLA for {', '.join(missing)}")
        if any(value <= timedelta(0) for value in self.sla.values()) or self.repeat_window <= timedelta(0):
            raise ValueError("escalation SLAs and the repeat window must be positive")

    def sla_for(self, level: str) -> timedelta:
        return self.sla[level]

    @classmethod
    def from_settings(cls, settings: Any) -> EscalationPolicy:
        """Build from Settings; a field that Settings does not (yet) define keeps its default."""

        def seconds(name: str, default: timedelta) -> timedelta:
            value = getattr(settings, name, None)
            return default if value is None else timedelta(seconds=float(value))

        return cls(
            sla={level: seconds(SETTING_NAMES[level], DEFAULT_SLA[level]) for level in LEVELS},
            repeat_window=seconds(REPEAT_WINDOW_SETTING, DEFAULT_REPEAT_WINDOW),
        )
