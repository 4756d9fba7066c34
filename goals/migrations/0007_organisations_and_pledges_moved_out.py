import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    """Organisations, memberships and pledges live in their own apps now. Goals point at
    them there; their tables, rows and the goals' own columns stay as they are."""

    dependencies = [
        ("goals", "0006_pledge_goal_counts_index"),
        ("organisations", "0001_moved_from_goals"),
        ("pledges", "0001_moved_from_goals"),
        ("consultations", "0005_organisations_pledges_and_sent_emails_moved_out"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="goalpage",
                    name="convened_by",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="convened_goals",
                        to="organisations.organisation",
                        verbose_name="convened by",
                    ),
                ),
                migrations.AlterField(
                    model_name="goalpage",
                    name="co_owners",
                    field=modelcluster.fields.ParentalManyToManyField(
                        related_name="goals",
                        to="organisations.organisation",
                        verbose_name="co-owned by",
                    ),
                ),
                migrations.AlterField(
                    model_name="partnersignoff",
                    name="organisation",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sign_offs",
                        to="organisations.organisation",
                    ),
                ),
                migrations.AlterField(
                    model_name="partnersignofftaskstate",
                    name="organisations",
                    field=models.ManyToManyField(
                        related_name="+",
                        to="organisations.organisation",
                        verbose_name="organisations that must sign off",
                    ),
                ),
                migrations.DeleteModel(name="PledgeUpdate"),
                migrations.DeleteModel(name="PledgeJoin"),
                migrations.DeleteModel(name="Pledge"),
                migrations.DeleteModel(name="Membership"),
                migrations.DeleteModel(name="Organisation"),
            ],
        ),
    ]
