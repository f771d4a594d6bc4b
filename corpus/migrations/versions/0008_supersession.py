"""a directive that replaces or repeals another marks it superseded

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10 15:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


# Plain ADD COLUMNs only: a foreign key would make SQLite rebuild `document`, and with foreign keys on, dropping
# the old table deletes every section, task and status through ON DELETE CASCADE.
def upgrade() -> None:
    op.add_column('document', sa.Column('repeals', sa.JSON(), nullable=True))
    op.add_column('document', sa.Column('superseded_by_id', sa.Integer(), nullable=True))
    op.add_column('document', sa.Column('superseded_note', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_column('superseded_note')
        batch_op.drop_column('superseded_by_id')
        batch_op.drop_column('repeals')
