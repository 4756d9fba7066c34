from django.db import migrations


class Migration(migrations.Migration):
    """The digest's outbox moved to accounts (accounts.NotificationItem); its table and
    rows stay."""

    dependencies = [
        ("commitments", "0002_notification_items"),
        ("accounts", "0006_notification_items_moved_in"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="NotificationItem")],
        ),
    ]
