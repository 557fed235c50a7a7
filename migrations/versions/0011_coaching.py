"""The careers group, with the member's consent: coach grants, private interviews, the coaches'
access log and comment threads (app/models/coaching.py). New tables only.

Revision ID: 0011_coaching
Revises: 0010_record_uids
Create Date: 2026-11-29

"""
from alembic import op
import sqlalchemy as sa


revision = '0011_coaching'
down_revision = '0010_record_uids'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('coach_access',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('coach_id', sa.Integer(), nullable=False),
    sa.Column('page', sa.String(length=200), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['coach_id'], ['user.id'], name=op.f('fk_coach_access_coach_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_coach_access_member_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coach_access'))
    )
    with op.batch_alter_table('coach_access', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coach_access_coach_id'), ['coach_id'], unique=False)
        batch_op.create_index('ix_coach_access_member_opened', ['member_id', 'opened_at'], unique=False)

    op.create_table('coach_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('coach_id', sa.Integer(), nullable=False),
    sa.Column('granted_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['coach_id'], ['user.id'], name=op.f('fk_coach_grant_coach_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_coach_grant_member_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coach_grant'))
    )
    with op.batch_alter_table('coach_grant', schema=None) as batch_op:
        batch_op.create_index('ix_coach_grant_coach', ['coach_id', 'revoked_at'], unique=False)
        batch_op.create_index('ix_coach_grant_member_coach', ['member_id', 'coach_id'], unique=True)

    op.create_table('private_interview',
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interview.id'], name=op.f('fk_private_interview_interview_id_interview'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_private_interview_member_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('interview_id', name=op.f('pk_private_interview'))
    )
    with op.batch_alter_table('private_interview', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_private_interview_member_id'), ['member_id'], unique=False)

    op.create_table('comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('edited_at', sa.DateTime(), nullable=True),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('length(body) > 0', name=op.f('ck_comment_body_not_empty')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_comment_author_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interview_id'], ['interview.id'], name=op.f('fk_comment_interview_id_interview'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_comment_member_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_comment_question_id_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment'))
    )
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_comment_interview', ['interview_id', 'question_id', 'created_at'], unique=False)
        batch_op.create_index('ix_comment_member_unread', ['member_id', 'read_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_comment_question_id'), ['question_id'], unique=False)



def downgrade():
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_question_id'))
        batch_op.drop_index('ix_comment_member_unread')
        batch_op.drop_index('ix_comment_interview')
        batch_op.drop_index(batch_op.f('ix_comment_author_id'))

    op.drop_table('comment')
    with op.batch_alter_table('private_interview', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_private_interview_member_id'))

    op.drop_table('private_interview')
    with op.batch_alter_table('coach_grant', schema=None) as batch_op:
        batch_op.drop_index('ix_coach_grant_member_coach')
        batch_op.drop_index('ix_coach_grant_coach')

    op.drop_table('coach_grant')
    with op.batch_alter_table('coach_access', schema=None) as batch_op:
        batch_op.drop_index('ix_coach_access_member_opened')
        batch_op.drop_index(batch_op.f('ix_coach_access_coach_id'))

    op.drop_table('coach_access')
