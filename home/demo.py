"""Demo data for the site shell of Lowbridge, the fictional city of the demo."""

from django.conf import settings

from accounts.models import User

STAFF_EMAIL = "convenor@lowbridge.example"
STAFF_PASSWORD = "lowbridge-demo-convenor"  # noqa: S105 (printed for the demo on purpose)


def seed(stdout):
    staff, created = User.objects.get_or_create(
        email=STAFF_EMAIL,
        defaults={"display_name": "Lowbridge convenor", "is_staff": True, "is_superuser": True},
    )
    if created:
        staff.set_password(STAFF_PASSWORD)
        staff.save(update_fields=["password"])
    if settings.DEBUG:
        stdout.write(f"Staff login: {STAFF_EMAIL} / {STAFF_PASSWORD}")
