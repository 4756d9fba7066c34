import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from core.migration_helpers import (
    move_content_types,
    relabel_audit_targets,
    relabel_queued_task_models,
)

MOVED = {("commitments", "notificationitem"): ("accounts", "notificationitem")}


def relabel(apps, schema_editor):
    move_content_types(apps, MOVED)
    relabel_audit_targets(schema_editor, MOVED)
    relabel_queued_task_models(schema_editor, MOVED)


def relabel_back(apps, schema_editor):
    back = {new: old for old, new in MOVED.items()}
    move_content_types(apps, back)
    relabel_audit_targets(schema_editor, back)
    relabel_queued_task_models(schema_editor, back)


def copy_lines(apps, schema_editor):
    """Each existing item keeps what its line said, from the commitment and the idea it
    pointed at, before those links go."""
    item_model = apps.get_model("accounts", "NotificationItem")
    for item in item_model.objects.select_related("commitment", "proposal").iterator():
        item.title = item.commitment.title[:200]
        item.url = f"/commitments/{item.commitment_id}/"
        item.via = item.proposal.title[:200] if item.proposal_id else ""
        item.save(update_fields=["title", "url", "via"])


class Migration(migrations.Migration):
    """The digest's outbox moves from commitments to accounts, keeping its table and
    rows, so every app can add to it: each item keeps what its line says instead of
    pointing at a commitment and an idea (models of apps above accounts)."""

    dependencies = [
        ("accounts", "0005_digest_frequency"),
        ("commitments", "0002_notification_items"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # The table exists (made by commitments' migrations): only Django's picture of
        # where the model lives changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NotificationItem",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("created", "became a commitment"), ("edited", "commitment changed"), ("update", "progress reported"), ("status", "status changed")], max_length=8)),
                        ("reason", models.CharField(choices=[("author", "you proposed the idea"), ("supporter", "you supported the idea"), ("follower", "you follow the consultation")], max_length=10)),
                        ("status", models.CharField(choices=[("planned", "Planned"), ("in_progress", "In progress"), ("done", "Done"), ("dropped", "Dropped")], max_length=12)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("emailed_at", models.DateTimeField(blank=True, null=True)),
                        ("commitment", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="commitments.commitment")),
                        ("proposal", models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="consultations.proposal")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "db_table": "commitments_notificationitem",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [models.Index(fields=["user", "-created_at"], name="notification_user_newest"), models.Index(condition=models.Q(("emailed_at__isnull", True)), fields=["user", "created_at"], name="notification_pending")],
                    },
                ),
            ],
        ),
        migrations.RunPython(relabel, relabel_back),
        migrations.AddField(
            model_name="notificationitem",
            name="title",
            field=models.CharField(default="", max_length=200),
        ),
        migrations.AddField(
            model_name="notificationitem",
            name="url",
            field=models.CharField(default="", max_length=300),
        ),
        migrations.AddField(
            model_name="notificationitem",
            name="via",
            field=models.CharField(blank=True, default="", max_length=200, verbose_name="the idea it came from"),
        ),
        migrations.AddField(
            model_name="notificationitem",
            name="key",
            field=models.CharField(blank=True, default="", max_length=80),
        ),
        migrations.RunPython(copy_lines, migrations.RunPython.noop),
        migrations.RemoveField(model_name="notificationitem", name="commitment"),
        migrations.RemoveField(model_name="notificationitem", name="proposal"),
        migrations.AlterField(
            model_name="notificationitem",
            name="kind",
            field=models.CharField(choices=[("created", "became a commitment"), ("edited", "commitment changed"), ("update", "progress reported"), ("status", "status changed"), ("response", "has an official response"), ("phase", "a new phase is open"), ("published", "“you said, we did” is published")], max_length=10),
        ),
        migrations.AlterField(
            model_name="notificationitem",
            name="status",
            field=models.CharField(blank=True, max_length=12),
        ),
        migrations.AddConstraint(
            model_name="notificationitem",
            constraint=models.UniqueConstraint(condition=models.Q(("key", ""), _negated=True), fields=("user", "key"), name="notification_once_per_key"),
        ),
        migrations.AlterField(
            model_name="user",
            name="digest_frequency",
            field=models.CharField(choices=[("immediately", "As it happens"), ("daily", "In a daily digest"), ("weekly", "In a weekly digest"), ("never", "Never: I will look at “What’s new for you”")], db_default="daily", default="daily", max_length=12, verbose_name="email me what happened to ideas I proposed, supported or follow"),
        ),
    ]
