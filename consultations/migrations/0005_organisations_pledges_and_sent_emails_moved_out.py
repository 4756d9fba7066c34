import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Proposals point at organisations and pledges in their new apps, and the record of
    emails sent once moved to core. Tables and columns stay as they are."""

    dependencies = [
        ("consultations", "0004_proposal_searchable_by_text_id"),
        ("core", "0001_audit_and_sent_emails_moved_in"),
        ("organisations", "0001_moved_from_goals"),
        ("pledges", "0001_moved_from_goals"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="proposal",
                    name="organisation",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="proposals",
                        to="organisations.organisation",
                        verbose_name="on behalf of",
                    ),
                ),
                migrations.AlterField(
                    model_name="proposaloutcome",
                    name="pledge",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="pledges.pledge",
                        verbose_name="became pledge",
                    ),
                ),
                migrations.DeleteModel(name="NotificationSent"),
            ],
        ),
    ]
