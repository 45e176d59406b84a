"""Values of nudge planning."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum


class NudgeKind(StrEnum):
    ESCALATION_FOLLOWUP = "escalation_followup"
    POST_DISCHARGE = "post_discharge"
    MEDICATION_DOSE = "medication_dose"
    ADHERENCE_CHECKIN = "adherence_checkin"
    ADHERENCE_COACHING = "adherence_coaching"
    WEIGHT_CHECK = "weight_check"
    BP_CHECK = "bp_check"
    CARE_GAP = "care_gap"


# Lower number = more important when the daily cap forces a choice.
PRIORITY: dict[NudgeKind, int] = {
    NudgeKind.ESCALATION_FOLLOWUP: 0, NudgeKind.POST_DISCHARGE: 0,
    NudgeKind.MEDICATION_DOSE: 1, NudgeKind.ADHERENCE_CHECKIN: 1, NudgeKind.ADHERENCE_COACHING: 1,
    NudgeKind.WEIGHT_CHECK: 2, NudgeKind.BP_CHECK: 2,
    NudgeKind.CARE_GAP: 3,
}
# Reminders tied to a moment lose their point when late; the rest wait for the next allowed time.
EXPIRES_AFTER: dict[NudgeKind, timedelta] = {
    NudgeKind.MEDICATION_DOSE: timedelta(hours=2),
    NudgeKind.ADHERENCE_CHECKIN: timedelta(hours=3),
    NudgeKind.WEIGHT_CHECK: timedelta(hours=4),
    NudgeKind.BP_CHECK: timedelta(hours=12),
}


@dataclass(frozen=True)
class NudgePolicy:
    quiet_start: time = time(22, 0)
    quiet_end: time = time(8, 0)
    daily_cap: int = 4
    dose_hours: tuple[int, ...] = ()  # unused: dose times come from the prescription
    checkin_time: time = time(21, 0)
    weigh_time: time = time(7, 30)
    bp_time: time = time(8, 30)
    bp_weekdays: tuple[int, ...] = (0, 3)  # Monday and Thursday
    gap_time: time = time(10, 0)
    overdue_followups_days: tuple[int, ...] = (7, 21, 49)  # growing gaps, then stop
    discharge_days: tuple[int, ...] = (2, 7, 14, 30)
    lookback: timedelta = timedelta(days=1)  # how far back a sweep looks for slots it may have missed


@dataclass(frozen=True)
class PlannedNudge:
    member_id: int
    kind: NudgeKind
    key: str  # idempotency: member + kind + item/medication + due slot
    due_at: datetime  # the slot (UTC)
    deliver_at: datetime  # the slot moved out of quiet hours (UTC)
    text: str
    item: int | None = None
    medication_id: int | None = None
    expects: str | None = None  # dose | weight | blood_pressure

    @property
    def priority(self) -> int:
        return PRIORITY[self.kind]


@dataclass(frozen=True)
class MemberNudgeContext:
    """What the sweep loads per member besides the snapshot."""

    opted_out: bool = False
    snooze_until: datetime | None = None
    discharges: tuple[date, ...] = ()  # member-local dates
    resolved_escalations: tuple[tuple[int, datetime], ...] = ()  # (ticket id, resolved at)
    doses_logged_today: frozenset[int] = frozenset()  # medication ids with a log today
    already_today: int = 0  # nudges already queued or sent today (member-local day)
    recent_keys: frozenset[str] = field(default_factory=frozenset)
