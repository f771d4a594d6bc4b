"""review of extracted tasks, an audit trail of people's changes, edits waiting for a value

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10 09:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # tasks stored before review existed were already reminded: they stay confirmed. A plain ADD COLUMN: a
    # rebuilt `task` table would, on SQLite with foreign keys on, cascade its drop to statuses and reminders.
    op.add_column('task', sa.Column('review', sa.String(length=10), server_default='confirmed', nullable=False))
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.Column('document_label', sa.String(length=300), nullable=False),
    sa.Column('task_label', sa.Text(), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('old', sa.Text(), nullable=True),
    sa.Column('new', sa.Text(), nullable=True),
    sa.Column('by_user', sa.BigInteger(), nullable=True),
    sa.Column('by_name', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_audit_entry_document_id_document'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_audit_entry_task_id_task'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_task_id'), ['task_id'], unique=False)
    op.create_table('pending_edit',
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_pending_edit_task_id_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('chat_id', 'user_id', name=op.f('pk_pending_edit'))
    )


def downgrade() -> None:
    op.drop_table('pending_edit')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_task_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_document_id'))
    op.drop_table('audit_entry')
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_column('review')
