# The free-text "ward or postcode district" becomes a choice of area (places.Area).
# Step 1 of 3: keep the old text under another name and add the new foreign key.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_notification_items_moved_in'),
        ('places', '0002_postcode_district'),
    ]

    operations = [
        migrations.RenameField(model_name='user', old_name='area', new_name='ward_text'),
        migrations.AddField(
            model_name='user',
            name='area',
            field=models.ForeignKey(blank=True, help_text='Optional: the ward or neighbourhood you live in. Never your address.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='places.area', verbose_name='area'),
        ),
    ]
