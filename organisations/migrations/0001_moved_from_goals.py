import django.db.models.deletion
import modelsearch.index
from django.conf import settings
from django.db import migrations, models

from core.migration_helpers import (
    move_content_types,
    relabel_audit_targets,
    relabel_queued_task_models,
)


MOVED = {('goals', 'organisation'): ('organisations', 'organisation'), ('goals', 'membership'): ('organisations', 'membership')}


def forwards(apps, schema_editor):
    move_content_types(apps, MOVED)
    relabel_audit_targets(schema_editor, MOVED)
    relabel_queued_task_models(schema_editor, MOVED)


def backwards(apps, schema_editor):
    back = {new: old for old, new in MOVED.items()}
    move_content_types(apps, back)
    relabel_audit_targets(schema_editor, back)
    relabel_queued_task_models(schema_editor, back)


class Migration(migrations.Migration):
    """Organisations and memberships move out of goals into their own app, keeping
    their tables, rows, revisions and permissions."""


    initial = True

    dependencies = [
        ('goals', '0006_pledge_goal_counts_index'),
        ('core', '0001_audit_and_sent_emails_moved_in'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist already (made by the migrations of the app the models
        # came from): only Django's picture of where the models live changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Organisation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('slug', models.SlugField(max_length=200, unique=True, verbose_name='slug')),
                    ('kind', models.CharField(choices=[('public', 'Public body'), ('voluntary', 'Voluntary or community group'), ('business', 'Business'), ('education', 'School, college or university'), ('health', 'Health or care'), ('faith', 'Faith group'), ('residents', "Residents' association")], max_length=20, verbose_name='kind')),
                    ('description', models.TextField(blank=True, verbose_name='description')),
                    ('website', models.URLField(blank=True, verbose_name='website')),
                    ('verified', models.BooleanField(default=False, help_text='The convenor has confirmed this organisation is who it says it is.', verbose_name='verified')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('latest_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision')),
                    ('logo', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='logo')),
                ],
                options={
                    'verbose_name': 'organisation',
                    'verbose_name_plural': 'organisations',
                    'db_table': 'goals_organisation',
                    'ordering': ['name'],
                },
                bases=(modelsearch.index.Indexed, models.Model),
            ),
            migrations.CreateModel(
                name='Membership',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('role', models.CharField(choices=[('member', 'Member'), ('admin', 'Admin')], default='member', max_length=10, verbose_name='role')),
                    ('status', models.CharField(choices=[('requested', 'Requested'), ('active', 'Active')], default='requested', max_length=10, verbose_name='status')),
                    ('is_editor', models.BooleanField(default=False, help_text='May draft and sign off the goals this organisation co-owns.', verbose_name='partner editor')),
                    ('show_publicly', models.BooleanField(default=False, verbose_name="show me on the organisation's page")),
                    ('requested_at', models.DateTimeField(auto_now_add=True)),
                    ('decided_at', models.DateTimeField(blank=True, null=True)),
                    ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL)),
                    ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='organisations.organisation')),
                ],
                options={
                    'verbose_name': 'membership',
                    'verbose_name_plural': 'memberships',
                    'db_table': 'goals_membership',
                    'indexes': [models.Index(fields=['organisation', 'status', 'role'], name='goals_membe_organis_059d2a_idx')],
                    'constraints': [models.UniqueConstraint(fields=('user', 'organisation'), name='unique_membership_per_user_organisation')],
                },
            ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
