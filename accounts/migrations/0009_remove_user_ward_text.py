# Step 3 of 3: the typed text goes; only the area is stored.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_user_area_from_ward_text'),
    ]

    operations = [
        migrations.RemoveField(model_name='user', name='ward_text'),
    ]
