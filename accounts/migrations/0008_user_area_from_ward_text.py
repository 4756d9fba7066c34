# Step 2 of 3: each person's typed ward becomes their area where it names one (by name,
# ignoring case and spacing) or is a postcode district in the lookup table. Text that
# names no area is not kept: only an area is stored about a person (issue #17). No row
# is deleted; a person whose text matched nothing simply has no area, as if they had
# never given one.

from django.db import migrations


def _key(value):
    return " ".join(value.split()).casefold()


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Area = apps.get_model("places", "Area")
    PostcodeDistrict = apps.get_model("places", "PostcodeDistrict")
    by_name = {}
    for area in Area.objects.order_by("kind", "code"):  # wards first where names repeat
        by_name.setdefault(_key(area.name), area.pk)
    by_district = dict(PostcodeDistrict.objects.values_list("code", "area_id"))
    for user in User.objects.exclude(ward_text="").only("pk", "ward_text").iterator():
        text = user.ward_text
        area_id = by_name.get(_key(text)) or by_district.get("".join(text.split()).upper())
        if area_id:
            User.objects.filter(pk=user.pk).update(area_id=area_id)


def backwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Area = apps.get_model("places", "Area")
    names = dict(Area.objects.values_list("pk", "name"))
    for user in User.objects.exclude(area=None).only("pk", "area_id").iterator():
        User.objects.filter(pk=user.pk).update(ward_text=names[user.area_id][:40])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_user_area_chosen_from_places'),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
