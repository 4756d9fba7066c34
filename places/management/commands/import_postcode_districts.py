"""``manage.py import_postcode_districts FILE.csv``: the optional lookup from postcode
district (``district,area_code`` rows) to area; see
``places.services.import_postcode_districts``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from places import services


class Command(BaseCommand):
    help = "Import which area each postcode district lies in (columns district,area_code)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        try:
            text = options["file"].read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        try:
            result = services.import_postcode_districts(text)
        except services.AreaImportError as error:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"  {line}" for line in error.errors)
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(result.created) + len(result.updated)} postcode districts: "
                f"{len(result.created)} new, {len(result.updated)} updated."
            )
        )
