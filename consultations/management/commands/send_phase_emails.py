from django.core.management.base import BaseCommand

from consultations.tasks import email_phase_openings


class Command(BaseCommand):
    help = (
        "Email followers of each consultation whose phase has opened (once per person and "
        "phase; running it again sends nothing new). Schedule it every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the task backend (db_worker) instead of sending now.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = email_phase_openings.enqueue()
            self.stdout.write(f"Enqueued phase-opening emails ({result.id}).")
            return
        sent = email_phase_openings.call()
        self.stdout.write(f"Sent {sent} phase-opening email(s).")
