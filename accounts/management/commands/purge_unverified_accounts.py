"""Delete accounts whose email address was never verified, after a grace period.

The privacy notice promises that unverified accounts are kept for 30 days. Run daily
(cron or a scheduler): ``manage.py purge_unverified_accounts``. An unverified account
cannot contribute, so it is deleted outright; should one hold a record the database
protects, it is anonymised instead, like a deleted account.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Exists, OuterRef, ProtectedError
from django.utils import timezone

from accounts.privacy import delete_account
from core.audit import record
from core.exceptions import ActionRefused


class Command(BaseCommand):
    help = "Delete accounts whose email address has not been verified within N days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, days, dry_run, **options):
        from allauth.account.models import EmailAddress

        User = get_user_model()
        cutoff = timezone.now() - timedelta(days=days)
        verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
        stale = (
            User.objects.filter(
                date_joined__lt=cutoff,
                anonymised_at__isnull=True,
                is_staff=False,
                is_superuser=False,
            )
            .exclude(Exists(verified))
            .order_by("pk")
        )
        deleted = anonymised = 0
        for user in stale.iterator():
            if dry_run:
                deleted += 1
                continue
            try:
                with transaction.atomic():
                    pk = user.pk
                    user.delete()
                    record(None, "account.purged_unverified", None, {"user_id": pk})
                deleted += 1
            except ProtectedError:
                try:
                    delete_account(user)
                    anonymised += 1
                except ActionRefused:  # the sole admin of an organisation: kept
                    continue
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {deleted} unverified account(s) older than {days} days; "
            f"anonymised {anonymised}."
        )
