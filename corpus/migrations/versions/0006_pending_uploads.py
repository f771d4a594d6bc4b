"""uploads waiting for 'Lưu' live in the database (any instance can save them)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08 12:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pending_upload',
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_pending_upload'))
    )


def downgrade() -> None:
    op.drop_table('pending_upload')
