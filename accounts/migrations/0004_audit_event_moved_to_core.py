from django.db import migrations


class Migration(migrations.Migration):
    """The audit trail moved to the ground app (core.AuditEvent); its table stays."""

    dependencies = [
        ("accounts", "0003_audit_event"),
        ("core", "0001_audit_and_sent_emails_moved_in"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
        ),
    ]
