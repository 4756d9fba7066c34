from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from goals.services import ImportFailed, import_file


class Command(BaseCommand):
    help = (
        "Load indicator figures from a CSV file (columns: indicator_id, or goal and "
        "indicator; date; value; provisional; note; area_code for an area's figure, blank "
        "for the place-wide one). Every row is checked first: if any "
        "row is bad, nothing is saved and each problem is listed with its row number. "
        "A row for an indicator and date already held updates that figure."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a UTF-8 CSV file with a header row.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; save nothing."
        )

    def handle(self, *args, file, dry_run=False, **options):
        try:
            result = import_file(file, dry_run=dry_run)
        except FileNotFoundError:
            raise CommandError(_("No file at %(path)s.") % {"path": file}) from None
        except ImportFailed as failed:
            for error in failed.errors:
                self.stderr.write(error)
            raise CommandError(
                _("Nothing was saved: %(count)s problem(s) in %(path)s.")
                % {"count": len(failed.errors), "path": file}
            ) from None
        message = (
            _("Would save %(total)s row(s): %(new)s new, %(updated)s updated, %(same)s unchanged.")
            if dry_run
            else _("Saved %(total)s row(s): %(new)s new, %(updated)s updated, %(same)s unchanged.")
        )
        counts = {
            "total": result.total,
            "new": result.created,
            "updated": result.updated,
            "same": result.unchanged,
        }
        self.stdout.write(self.style.SUCCESS(message % counts))
