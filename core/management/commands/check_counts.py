from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.counters import all_counters, mismatches, repair


class Command(BaseCommand):
    help = (
        "Compare every registered counter (support_count, comment_count, and any other "
        "app's counters.py) with the rows it counts; report and repair differences."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report; exit with an error if any counter is wrong (for CI, cron).",
        )

    def handle(self, *args, check=False, **options):
        total = 0
        for counter in all_counters():
            with transaction.atomic():
                rows = mismatches(counter)
                for pk, stored, expected in rows:
                    self.stdout.write(
                        f"{counter['name']}: #{pk} says {stored}, rows say {expected}"
                    )
                if rows and not check:
                    repair(counter, rows)
            total += len(rows)
            if not rows:
                self.stdout.write(f"{counter['name']}: all correct")
        if total and check:
            raise CommandError(f"{total} counter(s) differ from their rows.")
        if total:
            self.stdout.write(self.style.WARNING(f"Repaired {total} counter(s)."))
        else:
            self.stdout.write(self.style.SUCCESS("Every counter equals its rows."))
