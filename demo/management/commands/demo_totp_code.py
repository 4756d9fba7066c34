"""Print the current two-factor code for the demo staff accounts (DEBUG only).

seed_demo gives demo staff an authenticator with a published secret
(``demo.accounts.DEMO_TOTP_SECRET``) so a reviewer can enter the admin without a
phone: sign in, then enter the code this prints. Refuses to run with DEBUG off.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.accounts import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo staff accounts (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo two-factor codes exist only with DJANGO_DEBUG on.")
        from allauth.mfa import app_settings
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        period = app_settings.TOTP_PERIOD
        now = int(time.time())
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, now // period))
        self.stdout.write(code)
        self.stderr.write(f"(valid for about {period - now % period} more seconds)")
