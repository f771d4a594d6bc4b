"""group membership in the database (rights follow Telegram's membership, for every instance)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08 11:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('chat_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_member')),
    sa.UniqueConstraint('chat_id', 'user_id', name=op.f('uq_chat_member_chat_id'))
    )
    with op.batch_alter_table('chat_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chat_member_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('chat_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chat_member_user_id'))
    op.drop_table('chat_member')
