"""ORM tables (SQLAlchemy 2.0 typed declarative). Alembic migrations mirror these."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both backends (SQLite stores no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Clinician(Base):
    __tablename__ = "clinicians"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16), default="clinician")  # clinician | admin
    password_hash: Mapped[str | None] = mapped_column(String(256))
    on_call: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(128), unique=True)
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date] = mapped_column(Date)
    birth_date_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(2), default="zh")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    family_doctor_id: Mapped[int | None] = mapped_column(ForeignKey("clinicians.id", ondelete="SET NULL"), index=True)
    care_tier: Mapped[str] = mapped_column(String(16), default="digital")
    business_line: Mapped[str | None] = mapped_column(String(32))
    consent_health_data: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    opt_out_nudges: Mapped[bool] = mapped_column(Boolean, default=False)
    snooze_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    height_cm: Mapped[float | None] = mapped_column(Float)
    weight_low_kg: Mapped[float | None] = mapped_column(Float)
    weight_high_kg: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())

    conditions: Mapped[list[MemberCondition]] = relationship(
        back_populates="member",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="MemberCondition.id",
    )
    medications: Mapped[list[Medication]] = relationship(
        back_populates="member",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Medication.id",
    )


class MemberCondition(Base):
    __tablename__ = "member_conditions"
    __table_args__ = (UniqueConstraint("member_id", "icd10_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    icd10_code: Mapped[str] = mapped_column(String(16))
    # Comma-separated canonical conditions the code maps to; empty when unknown.
    canonical: Mapped[str] = mapped_column(String(128), default="")

    member: Mapped[Member] = relationship(back_populates="conditions")


class Medication(Base):
    __tablename__ = "medications"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    drug_class: Mapped[str] = mapped_column(String(32))
    dose_text: Mapped[str | None] = mapped_column(String(128))
    times: Mapped[list[str]] = mapped_column(JSON, default=list)
    start_date: Mapped[date | None] = mapped_column(Date)
    stop_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())

    member: Mapped[Member] = relationship(back_populates="medications")


class DoseLog(Base):
    __tablename__ = "dose_logs"
    __table_args__ = (Index("ix_dose_logs_member_day", "member_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    medication_id: Mapped[int] = mapped_column(ForeignKey("medications.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    slot: Mapped[str | None] = mapped_column(String(5))  # "08:00" when the dose has a scheduled time
    taken: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(16), default="api")
    logged_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Observation(Base):
    __tablename__ = "observations"
    __table_args__ = (Index("ix_observations_member_kind_at", "member_id", "kind", "observed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    value: Mapped[float | None] = mapped_column(Float)
    systolic: Mapped[int | None] = mapped_column(Integer)
    diastolic: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[str | None] = mapped_column(String(24))
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    observed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    source: Mapped[str] = mapped_column(String(16), default="api")  # api | chat | nudge | derived
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("member_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))  # rest | wechat | console
    # While a clinician holds the conversation the coach does not auto-answer.
    held_by_clinician_id: Mapped[int | None] = mapped_column(ForeignKey("clinicians.id", ondelete="SET NULL"))
    summary: Mapped[str | None] = mapped_column(Text)
    last_inbound_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # What the last answered turn was about, so "为什么？" or "what about salt?" resolve against it.
    topic_item: Mapped[int | None] = mapped_column(Integer)
    topic_drug: Mapped[str | None] = mapped_column(String(40))
    topic_reading: Mapped[str | None] = mapped_column(String(24))
    topic_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # The member's words that set the topic: a bare "how often?" is matched together with them, so it stays
    # on the bowel screening that was asked about, not another test of the same item.
    topic_text: Mapped[str | None] = mapped_column(String(200))
    # The dialogue act of the last answered turn: after a low-mood screen the next message is its answer.
    last_act: Mapped[str | None] = mapped_column(String(24))
    # The answer card the last reply gave: a follow-up ("why is it so hard tho") gets the next card, not the same one.
    last_card: Mapped[str | None] = mapped_column(String(60))


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_member_created", "member_id", "created_at"),
        Index("ix_messages_channel_direction_processed", "channel", "direction", "processed_at"),  # the sweep
        Index("ix_messages_member_channel_direction_created", "member_id", "channel", "direction",
              "created_at"),  # the WeChat per-sender rate limit
        UniqueConstraint("channel", "channel_msg_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    channel: Mapped[str] = mapped_column(String(16))
    # The channel's own id (WeChat MsgId) so a retried delivery is stored once.
    channel_msg_id: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(String(16))  # coach | dietitian | pharmacist | clinician | triage
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    processed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Escalation(Base):
    """A red flag handed to a human: who, how urgent, why, and where it stands."""

    __tablename__ = "escalations"
    __table_args__ = (Index("ix_escalations_status_level_due", "status", "level", "sla_due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(16))  # emergency | urgent | routine
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    # [{"reason", "evidence", "span": [start, end] | null, "source": "message"|"observation"}]
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open|acknowledged|resolved|cancelled
    source: Mapped[str] = mapped_column(String(16), default="message")  # message | observation | pharmacist
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    assigned_clinician_id: Mapped[int | None] = mapped_column(ForeignKey("clinicians.id", ondelete="SET NULL"))
    on_call: Mapped[bool] = mapped_column(Boolean, default=False)  # routed to / escalated to the on-call pool
    repeat_count: Mapped[int] = mapped_column(Integer, default=0)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sla_due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    acknowledged_by: Mapped[int | None] = mapped_column(ForeignKey("clinicians.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("clinicians.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(Text)
    notify_count: Mapped[int] = mapped_column(Integer, default=0)
    last_notified_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


TRIAGE_LABEL_KINDS = ("not_red_flag", "missed_red_flag")
TRIAGE_LABEL_LEVELS = ("emergency", "urgent", "routine", "none")


class TriageLabel(Base):
    """A clinician's correction of triage, exported as a corpus line for the next training run."""

    __tablename__ = "triage_labels"
    __table_args__ = (
        CheckConstraint(f"kind IN {TRIAGE_LABEL_KINDS}", name="kind"),
        CheckConstraint(f"level IN {TRIAGE_LABEL_LEVELS}", name="level"),
        UniqueConstraint("message_id", "clinician_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    escalation_id: Mapped[int | None] = mapped_column(ForeignKey("escalations.id", ondelete="SET NULL"))
    clinician_id: Mapped[int | None] = mapped_column(ForeignKey("clinicians.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(24))
    level: Mapped[str] = mapped_column(String(16))  # the level the clinician says is right
    reason: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class EscalationEvent(Base):
    """The ticket's timeline: notifications, acknowledgements, notes, replies, resolution."""

    __tablename__ = "escalation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalations.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    clinician_id: Mapped[int | None] = mapped_column(ForeignKey("clinicians.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(24))  # opened|repeat|notified|breach|acknowledged|note|reply|resolved|...
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AuditEntry(Base):
    """Append-only record of every view and action on member data. It holds the member's
    numeric id only (no name, openid or text), so it can outlive an erased member."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_member_at", "member_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor_type: Mapped[str] = mapped_column(String(16))  # clinician | api | system
    actor_id: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(48))
    member_id: Mapped[int | None] = mapped_column(Integer)
    target: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ClinicianSession(Base):
    __tablename__ = "clinician_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie's random token
    clinician_id: Mapped[int] = mapped_column(ForeignKey("clinicians.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class OutboxEntry(Base):
    """Every message leaving the service (replies, nudges, doctor alerts) goes through here,
    so a crash between deciding to send and sending loses nothing."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    clinician_id: Mapped[int | None] = mapped_column(ForeignKey("clinicians.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(16))  # wechat | wecom | log | rest
    kind: Mapped[str] = mapped_column(String(16))  # reply | nudge | alert | emergency
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    idempotency_key: Mapped[str] = mapped_column(String(160), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|sending|sent|failed|undeliverable
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime())
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Nudge(Base):
    """A proactive message planned for a member, one row per member + kind + item + due slot."""

    __tablename__ = "nudges"
    __table_args__ = (Index("ix_nudges_member_status", "member_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    item: Mapped[int | None] = mapped_column(Integer)
    medication_id: Mapped[int | None] = mapped_column(ForeignKey("medications.id", ondelete="CASCADE"))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    idempotency_key: Mapped[str] = mapped_column(String(160), unique=True)
    priority: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued|sent|undeliverable|skipped|responded
    text: Mapped[str] = mapped_column(Text)
    expects: Mapped[str | None] = mapped_column(String(16))  # dose | weight | blood_pressure | None
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    responded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    response: Mapped[str | None] = mapped_column(Text)


class CareGap(Base):
    """The latest computed status of one catalog item for one member (recomputed nightly and on demand)."""

    __tablename__ = "care_gaps"
    __table_args__ = (UniqueConstraint("member_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    item: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # due | overdue | met
    due_date: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ServiceState(Base):
    """Small shared values all processes need (e.g. the WeChat access token) with an expiry."""

    __tablename__ = "service_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
