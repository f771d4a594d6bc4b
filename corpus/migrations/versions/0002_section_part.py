"""sections know the attached document they belong to

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 03:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('section', schema=None) as batch_op:
        batch_op.add_column(sa.Column('part', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('template', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('section', schema=None) as batch_op:
        batch_op.drop_column('template')
        batch_op.drop_column('part')
