"""conversation topics for follow-ups; clinicians' triage labels

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from coach.db.models import UtcDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("topic_item", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("topic_drug", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("topic_reading", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("topic_at", UtcDateTime(), nullable=True))
    op.create_table(
        "triage_labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=True),
        sa.Column("clinician_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('not_red_flag', 'missed_red_flag')", name=op.f("ck_triage_labels_kind")),
        sa.CheckConstraint("level IN ('emergency', 'urgent', 'routine', 'none')", name=op.f("ck_triage_labels_level")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_triage_labels_member_id_members"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"], name=op.f("fk_triage_labels_message_id_messages"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["escalation_id"], ["escalations.id"],
                                name=op.f("fk_triage_labels_escalation_id_escalations"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["clinician_id"], ["clinicians.id"],
                                name=op.f("fk_triage_labels_clinician_id_clinicians"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triage_labels")),
        sa.UniqueConstraint("message_id", "clinician_id", "kind", name=op.f("uq_triage_labels_message_id")),
    )
    op.create_index(op.f("ix_triage_labels_member_id"), "triage_labels", ["member_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_triage_labels_member_id"), table_name="triage_labels")
    op.drop_table("triage_labels")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_column("topic_at")
        batch_op.drop_column("topic_reading")
        batch_op.drop_column("topic_drug")
        batch_op.drop_column("topic_item")
