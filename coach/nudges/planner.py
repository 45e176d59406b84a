"""Which reminders are due for one member at one moment. Pure: the clock, member state and history
come in as arguments, so a simulated month is just a loop over times.

Each candidate has an idempotency key (member + kind + item/medication + due slot), so running the
planner again, or after a crash, never sends a reminder twice. Slots in quiet hours wait for the
end of quiet hours; time-bound reminders (doses, morning weight) expire instead of arriving late;
the daily cap keeps the most important ones.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coach.adherence import Coverage, proportion_of_days_covered
from coach.catalog.models import Catalog
from coach.members.snapshot import MemberSnapshot
from coach.nudges.models import EXPIRES_AFTER, MemberNudgeContext, NudgeKind, NudgePolicy, PlannedNudge
from coach.nudges.texts import render
from coach.pipeline.models import GapLike
from coach.tiers import cadence_factor

REMINDED_GAP_KINDS = ("screening", "test", "follow_up")
COACHING_WINDOW = timedelta(days=30)  # the "last 30 days" of the adherence coaching text
MIN_COACHING_LOGGED_DAYS = 7  # fewer logged days are too little to coach on


@dataclass
class Plan:
    queue: list[PlannedNudge] = field(default_factory=list)
    deferred: list[PlannedNudge] = field(default_factory=list)  # over the cap or snoozed: planned again later
    expired: list[PlannedNudge] = field(default_factory=list)  # a moment-bound reminder that is now too late


@dataclass(frozen=True)
class _Make:
    member_id: int
    local: _Local

    def __call__(
        self,
        kind: NudgeKind,
        key: str,
        slot: datetime,
        text: str,
        *,
        item: int | None = None,
        expects: str | None = None,
    ) -> PlannedNudge:
        return PlannedNudge(
            self.member_id, kind, key, slot, self.local.deliverable(slot), text, item=item, expects=expects
        )


@dataclass(frozen=True)
class _Local:
    tz: ZoneInfo
    policy: NudgePolicy

    def at(self, day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, self.tz).astimezone(ZoneInfo("UTC"))

    def deliverable(self, slot: datetime) -> datetime:
        """Move a slot that falls in quiet hours to the end of them (it waits; it is never dropped)."""
        local = slot.astimezone(self.tz)
        start, end = self.policy.quiet_start, self.policy.quiet_end
        moment = local.time()
        quiet = (moment >= start or moment < end) if start > end else (start <= moment < end)
        if not quiet:
            return slot
        day = local.date() + timedelta(days=1) if start > end and moment >= start else local.date()
        return self.at(day, end)


def plan_member(
    member: MemberSnapshot,
    gaps: Sequence[GapLike],
    catalog: Catalog,
    now: datetime,
    ctx: MemberNudgeContext,
    policy: NudgePolicy | None = None,
) -> Plan:
    policy = policy or NudgePolicy()
    plan = Plan()
    if ctx.opted_out:
        return plan
    local = _Local(ZoneInfo(member.timezone), policy)
    candidates = sorted(
        (n for n in _candidates(member, gaps, catalog, now, ctx, local) if n.key not in ctx.recent_keys),
        key=lambda n: (n.priority, n.deliver_at, n.key),
    )
    room = max(0, policy.daily_cap - ctx.already_today)
    quiet_now = local.deliverable(now) != now  # a late sweep must not send at night either
    for nudge in candidates:
        if nudge.deliver_at > now:
            continue
        if nudge.kind in EXPIRES_AFTER and now - nudge.deliver_at > EXPIRES_AFTER[nudge.kind]:
            plan.expired.append(nudge)
        elif quiet_now or (ctx.snooze_until is not None and now < ctx.snooze_until) or room == 0:
            plan.deferred.append(nudge)
        else:
            plan.queue.append(nudge)
            room -= 1
    return plan


def _candidates(
    member: MemberSnapshot,
    gaps: Sequence[GapLike],
    catalog: Catalog,
    now: datetime,
    ctx: MemberNudgeContext,
    local: _Local,
) -> Iterator[PlannedNudge]:
    today = now.astimezone(local.tz).date()
    days = [today - timedelta(days=n) for n in range(local.policy.lookback.days, -1, -1)]
    lang = member.language

    nudge = _Make(member.member_id, local)
    for ticket, resolved_at in ctx.resolved_escalations:
        slot = local.at(resolved_at.astimezone(local.tz).date() + timedelta(days=1), local.policy.gap_time)
        yield nudge(NudgeKind.ESCALATION_FOLLOWUP, f"esc:{ticket}", slot, render("escalation_followup", lang))
    for discharged in ctx.discharges:
        for day_n in local.policy.discharge_days:
            if discharged + timedelta(days=day_n) in days:
                slot = local.at(discharged + timedelta(days=day_n), local.policy.gap_time)
                yield nudge(
                    NudgeKind.POST_DISCHARGE,
                    f"dis:{member.member_id}:{discharged}:{day_n}",
                    slot,
                    render("discharge", lang, day=str(day_n)),
                )
    yield from _medication(member, ctx, days, local, nudge)
    yield from _measurements(member, days, local, nudge)
    yield from _gaps(member, gaps, catalog, today, local, nudge)


def _medication(
    member: MemberSnapshot, ctx: MemberNudgeContext, days: list[date], local: _Local, make: _Make
) -> Iterator[PlannedNudge]:
    lang = member.language
    today = days[-1]
    for day in days:
        active = [m for m in member.medications if m.active_on(day)]
        slots: dict[time, list[str]] = {}
        for med in active:
            for moment in med.times:
                slots.setdefault(moment, []).append(med.name)
        for moment, names in sorted(slots.items()):
            logged = day == today and all(
                m.medication_id in ctx.doses_logged_today for m in active if moment in m.times
            )
            if not logged:
                yield make(
                    NudgeKind.MEDICATION_DOSE,
                    f"dose:{member.member_id}:{day}:{moment:%H:%M}",
                    local.at(day, moment),
                    render("dose", lang, medicines="、".join(names)),
                    expects="dose",
                )
        untimed = [m for m in active if not m.times]
        if untimed and not (day == today and all(m.medication_id in ctx.doses_logged_today for m in untimed)):
            yield make(
                NudgeKind.ADHERENCE_CHECKIN,
                f"checkin:{member.member_id}:{day}",
                local.at(day, local.policy.checkin_time),
                render("checkin", lang, medicines="、".join(m.name for m in untimed)),
                expects="dose",
            )
    coverage = _recent_coverage(member, today)
    if coverage is not None and coverage.logged_days >= MIN_COACHING_LOGGED_DAYS and not coverage.adherent:
        week = today.isocalendar()
        yield make(
            NudgeKind.ADHERENCE_COACHING,
            f"pdc:{member.member_id}:{week.year}-W{week.week}",
            local.at(today, local.policy.gap_time),
            render("adherence", lang, pdc=str(coverage.percent)),
        )


def _recent_coverage(member: MemberSnapshot, today: date) -> Coverage | None:
    """PDC of all the member's medicines over the window before today (today's doses may still be ahead)."""
    classes = tuple({med.drug_class for med in member.medications})
    return proportion_of_days_covered(member, classes, today - COACHING_WINDOW, today - timedelta(days=1))


def _measurements(member: MemberSnapshot, days: list[date], local: _Local, make: _Make) -> Iterator[PlannedNudge]:
    lang, mid = member.language, member.member_id
    daily_bp = cadence_factor(member.care_tier) < 1.0  # case-managed members check every day
    for day in days:
        if member.has("heart_failure"):
            yield make(
                NudgeKind.WEIGHT_CHECK,
                f"wt:{mid}:{day}",
                local.at(day, local.policy.weigh_time),
                render("weight_hf", lang),
                expects="weight",
            )
        elif member.has("obesity") and day.weekday() == 0:
            yield make(
                NudgeKind.WEIGHT_CHECK,
                f"wtw:{mid}:{day}",
                local.at(day, local.policy.weigh_time),
                render("weight_weekly", lang),
                expects="weight",
            )
        if member.has("hypertension") and (daily_bp or day.weekday() in local.policy.bp_weekdays):
            yield make(
                NudgeKind.BP_CHECK,
                f"bp:{mid}:{day}",
                local.at(day, local.policy.bp_time),
                render("bp", lang),
                expects="blood_pressure",
            )


def _gaps(
    member: MemberSnapshot, gaps: Sequence[GapLike], catalog: Catalog, today: date, local: _Local, make: _Make
) -> Iterator[PlannedNudge]:
    lang, mid = member.language, member.member_id
    factor = cadence_factor(member.care_tier)
    for gap in gaps:
        item = catalog.item(gap.item)
        if gap.status not in ("due", "overdue") or item.coach.reminder.kind not in REMINDED_GAP_KINDS:
            continue
        title = item.title_zh if lang == "zh" else item.title_en
        due = gap.due_date or today
        reason = gap.reason_zh if lang == "zh" else gap.reason_en
        values = {"title": title, "due": due.isoformat(), "reason": reason}
        if gap.status == "due":
            first = due - timedelta(days=item.coach.reminder.lead_days)
            if first <= today:
                yield make(
                    NudgeKind.CARE_GAP,
                    f"gap:{mid}:{item.number}:first:{due}",
                    local.at(max(first, today), local.policy.gap_time),
                    render("gap_first", lang, **values),
                    item=item.number,
                )
            continue
        followups = [due + timedelta(days=max(1, round(d * factor))) for d in local.policy.overdue_followups_days]
        passed = [(n, day) for n, day in enumerate(followups, 1) if day <= today]
        if passed:  # only the latest: a long-overdue member gets one reminder, not a backlog
            n, day = passed[-1]
            yield make(
                NudgeKind.CARE_GAP,
                f"gap:{mid}:{item.number}:od{n}:{due}",
                local.at(day, local.policy.gap_time),
                render("gap_overdue", lang, **values),
                item=item.number,
            )
