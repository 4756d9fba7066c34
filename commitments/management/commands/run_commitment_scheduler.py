from django.core.management.base import BaseCommand

from commitments.scheduler import run_scheduler


class Command(BaseCommand):
    help = (
        "Send the commitment digests (to people whose ideas became commitments, their "
        "supporters and the consultations' followers) and remind owners a week before a "
        "due date and once a commitment is overdue. Idempotent: each email is sent once "
        "(core.emails.send_once), so run it hourly from cron, even on several machines."
    )

    def handle(self, *args, **options):
        report = run_scheduler()
        self.stdout.write(
            f"Digests: {report.digests}; due reminders: {report.due_reminders}; "
            f"overdue reminders: {report.overdue_reminders}."
        )
