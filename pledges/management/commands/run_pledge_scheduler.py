import datetime

from django.core.management.base import BaseCommand, CommandError

from pledges.scheduler import run_scheduler


class Command(BaseCommand):
    help = (
        "Send pledge due-date reminders (a week before and on the day) and settle conditional "
        "pledges whose join deadline has passed. Idempotent: each reminder and each outcome "
        "email is claimed once in the database, so run it from cron as often as you like "
        "(hourly is plenty), even on several machines at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Act as if today were this date (YYYY-MM-DD); for testing and catching up.",
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError("--today must be a date like 2027-06-01.") from error
        report = run_scheduler(today)
        self.stdout.write(
            f"Pledge scheduler: {report.week_reminders} week-ahead reminder(s), "
            f"{report.due_reminders} due-today reminder(s), {report.lapsed} lapsed pledge(s)."
        )
