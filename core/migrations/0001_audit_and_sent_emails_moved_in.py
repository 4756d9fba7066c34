import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from core.migration_helpers import (
    move_content_types,
    relabel_audit_targets,
    relabel_queued_task_models,
)


MOVED = {('accounts', 'auditevent'): ('core', 'auditevent'), ('consultations', 'notificationsent'): ('core', 'notificationsent')}


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
    """The audit trail (from accounts) and the record of emails sent once (from
    consultations) move to the ground app, keeping their tables and rows."""


    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('accounts', '0003_audit_event'),
        ('consultations', '0004_proposal_searchable_by_text_id'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        # The tables exist already (made by the migrations of the app the models
        # came from): only Django's picture of where the models live changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='AuditEvent',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='when')),
                    ('action', models.CharField(db_index=True, max_length=64, verbose_name='action')),
                    ('target_type', models.CharField(blank=True, max_length=100, verbose_name='item type')),
                    ('target_id', models.CharField(blank=True, max_length=64, verbose_name='item id')),
                    ('detail', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='detail')),
                    ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='who')),
                ],
                options={
                    'verbose_name': 'audit event',
                    'verbose_name_plural': 'audit trail',
                    'db_table': 'accounts_auditevent',
                    'ordering': ['-at', '-pk'],
                    'indexes': [models.Index(fields=['target_type', 'target_id'], name='audit_by_target')],
                },
            ),
            migrations.CreateModel(
                name='NotificationSent',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('key', models.CharField(max_length=80)),
                    ('sent_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'email sent',
                    'verbose_name_plural': 'emails sent',
                    'db_table': 'consultations_notificationsent',
                    'indexes': [models.Index(fields=['key'], name='notification_by_key')],
                    'constraints': [models.UniqueConstraint(fields=('user', 'key'), name='unique_notification_per_user')],
                },
            ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
