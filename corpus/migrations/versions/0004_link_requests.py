"""a registration request is a request: it may name a unit that is created only on approval

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08 10:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('chat_link', schema=None) as batch_op:
        batch_op.alter_column('unit_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('unit_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('unit_kind', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('locality_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_chat_link_locality_id_locality'), 'locality', ['locality_id'],
                                    ['id'], ondelete='CASCADE')


def downgrade() -> None:
    op.execute("DELETE FROM chat_link WHERE unit_id IS NULL")
    with op.batch_alter_table('chat_link', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_chat_link_locality_id_locality'), type_='foreignkey')
        batch_op.drop_column('locality_id')
        batch_op.drop_column('unit_kind')
        batch_op.drop_column('unit_name')
        batch_op.alter_column('unit_id', existing_type=sa.Integer(), nullable=False)
