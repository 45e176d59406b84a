"""message indexes for the WeChat recovery sweep and the per-sender rate limit

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        # The sweep: inbound messages of a channel not processed yet.
        batch_op.create_index("ix_messages_channel_direction_processed",
                              ["channel", "direction", "processed_at"], unique=False)
        # The rate limit: one member's recent inbound messages on a channel.
        batch_op.create_index("ix_messages_member_channel_direction_created",
                              ["member_id", "channel", "direction", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_member_channel_direction_created")
        batch_op.drop_index("ix_messages_channel_direction_processed")
