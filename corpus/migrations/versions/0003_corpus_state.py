"""the corpus version every instance follows

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08 09:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table('corpus_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_corpus_state'))
    )
    op.bulk_insert(table, [{'id': 1, 'version': 1}])  # existing documents count as one version


def downgrade() -> None:
    op.drop_table('corpus_state')
