import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_helpers import (
    move_content_types,
    relabel_audit_targets,
    relabel_queued_task_models,
    repoint_queued_tasks,
)


MOVED = {('goals', 'pledge'): ('pledges', 'pledge'), ('goals', 'pledgejoin'): ('pledges', 'pledgejoin'), ('goals', 'pledgeupdate'): ('pledges', 'pledgeupdate')}

TASKS = {
    "goals.tasks.send_pledge_reminder": "pledges.tasks.send_pledge_reminder",
    "goals.tasks.notify_pledge_outcome": "pledges.tasks.notify_pledge_outcome",
    "goals.tasks.run_pledge_scheduler": "pledges.scheduler.run_pledge_scheduler",
    "goals.signoff_tasks.notify_sign_off_requested": "goals.tasks.notify_sign_off_requested",
}


def forwards(apps, schema_editor):
    move_content_types(apps, MOVED)
    relabel_audit_targets(schema_editor, MOVED)
    relabel_queued_task_models(schema_editor, MOVED)
    repoint_queued_tasks(schema_editor, TASKS)


def backwards(apps, schema_editor):
    back = {new: old for old, new in MOVED.items()}
    move_content_types(apps, back)
    relabel_audit_targets(schema_editor, back)
    relabel_queued_task_models(schema_editor, back)
    repoint_queued_tasks(schema_editor, {new: old for old, new in TASKS.items()})


class Migration(migrations.Migration):
    """Pledges, their joins and updates move out of goals into their own app, keeping
    their tables, rows and permissions."""


    initial = True

    dependencies = [
        ('goals', '0006_pledge_goal_counts_index'),
        ('organisations', '0001_moved_from_goals'),
        ('core', '0001_audit_and_sent_emails_moved_in'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        # The tables exist already (made by the migrations of the app the models
        # came from): only Django's picture of where the models live changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Pledge',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('text', models.TextField(max_length=2000, verbose_name='we will…')),
                    ('due_date', models.DateField(blank=True, null=True, verbose_name='due date')),
                    ('show_name', models.BooleanField(default=True, verbose_name='show my name with this pledge')),
                    ('status', models.CharField(choices=[('active', 'Active'), ('met', 'Met'), ('partly_met', 'Partly met'), ('missed', 'Missed'), ('withdrawn', 'Withdrawn')], default='active', max_length=12, verbose_name='status')),
                    ('condition', models.CharField(choices=[('none', 'Unconditional'), ('open', 'Waiting for others to join'), ('succeeded', 'Enough people joined'), ('lapsed', 'Not enough people joined')], default='none', max_length=10, verbose_name='condition')),
                    ('threshold', models.PositiveIntegerField(blank=True, help_text='How many others must join.', null=True, verbose_name='people needed')),
                    ('join_deadline', models.DateField(blank=True, null=True, verbose_name='join by')),
                    ('join_count', models.PositiveIntegerField(default=0, editable=False)),
                    ('condition_decided_at', models.DateTimeField(blank=True, editable=False, null=True)),
                    ('author_told_outcome_at', models.DateTimeField(blank=True, editable=False, help_text='When the pledger was emailed that the condition succeeded or lapsed.', null=True)),
                    ('week_reminder_sent_at', models.DateTimeField(blank=True, editable=False, null=True)),
                    ('due_reminder_sent_at', models.DateTimeField(blank=True, editable=False, null=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('ambition', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='pledges', to='goals.ambition', verbose_name='ambition')),
                    ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pledges', to=settings.AUTH_USER_MODEL)),
                    ('goal', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pledges', to='goals.goalpage', verbose_name='goal')),
                    ('made_from', models.ForeignKey(blank=True, help_text='The page the pledge was made from, such as a consultation.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='made from')),
                    ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='pledges', to='organisations.organisation', verbose_name='on behalf of')),
                ],
                options={
                    'verbose_name': 'pledge',
                    'verbose_name_plural': 'pledges',
                    'db_table': 'goals_pledge',
                    'ordering': ['-created_at', '-pk'],
                },
            ),
            migrations.CreateModel(
                name='PledgeJoin',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('told_outcome_at', models.DateTimeField(blank=True, editable=False, help_text='When this person was emailed that the pledge succeeded or lapsed.', null=True)),
                    ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='joins', to='pledges.pledge')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pledge_joins', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'pledge join',
                    'verbose_name_plural': 'pledge joins',
                    'db_table': 'goals_pledgejoin',
                },
            ),
            migrations.CreateModel(
                name='PledgeUpdate',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('text', models.TextField(max_length=4000, verbose_name='what happened')),
                    ('evidence_url', models.URLField(blank=True, verbose_name='evidence link')),
                    ('status', models.CharField(choices=[('active', 'Active'), ('met', 'Met'), ('partly_met', 'Partly met'), ('missed', 'Missed'), ('withdrawn', 'Withdrawn')], max_length=12, verbose_name='status after this update')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pledge_updates', to=settings.AUTH_USER_MODEL)),
                    ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='pledges.pledge')),
                ],
                options={
                    'verbose_name': 'pledge update',
                    'verbose_name_plural': 'pledge updates',
                    'db_table': 'goals_pledgeupdate',
                    'ordering': ['-created_at', '-pk'],
                },
            ),
            migrations.AddIndex(
                model_name='pledge',
                index=models.Index(fields=['goal', '-created_at'], name='goals_pledg_goal_id_ae0c67_idx'),
            ),
            migrations.AddIndex(
                model_name='pledge',
                index=models.Index(fields=['-created_at', '-id'], name='pledge_newest'),
            ),
            migrations.AddIndex(
                model_name='pledge',
                index=models.Index(fields=['goal', '-join_count'], name='goals_pledg_goal_id_a5da53_idx'),
            ),
            migrations.AddIndex(
                model_name='pledge',
                index=models.Index(condition=models.Q(('status', 'withdrawn'), _negated=True), fields=['goal', 'organisation', 'author'], include=('status',), name='pledge_goal_counts'),
            ),
            migrations.AddIndex(
                model_name='pledge',
                index=models.Index(fields=['organisation', '-created_at'], name='goals_pledg_organis_1ff734_idx'),
            ),
            migrations.AddIndex(
                model_name='pledge',
                index=models.Index(fields=['condition', 'join_deadline'], name='goals_pledg_conditi_1815ac_idx'),
            ),
            migrations.AddIndex(
                model_name='pledge',
                index=models.Index(fields=['status', 'due_date'], name='pledge_status_due'),
            ),
            migrations.AddIndex(
                model_name='pledge',
                index=models.Index(fields=['author', '-created_at'], name='pledge_author_created'),
            ),
            migrations.AddConstraint(
                model_name='pledge',
                constraint=models.CheckConstraint(condition=models.Q(('condition', 'none'), models.Q(('join_deadline__isnull', False), ('threshold__gt', 0)), _connector='OR'), name='conditional_pledge_has_threshold_and_deadline'),
            ),
            migrations.AddConstraint(
                model_name='pledgejoin',
                constraint=models.UniqueConstraint(fields=('pledge', 'user'), name='unique_join_per_user_pledge'),
            ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
