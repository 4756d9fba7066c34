"""``manage.py import_areas FILE.geojson --kind ward --code-property WD24CD
--name-property WD24NM [--population-csv FILE]``: see ``places.services.import_areas``."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from places import services
from places.models import Area


class Command(BaseCommand):
    help = (
        "Import areas (wards, neighbourhoods, districts) from a GeoJSON FeatureCollection: "
        "all or nothing, matched by code, so importing again updates them."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A GeoJSON FeatureCollection in WGS 84.")
        parser.add_argument("--kind", required=True, choices=Area.Kind.values)
        parser.add_argument("--code-property", required=True, help="e.g. WD24CD")
        parser.add_argument("--name-property", required=True, help="e.g. WD24NM")
        parser.add_argument(
            "--population-csv", type=Path, help="A CSV file with the columns code,population."
        )

    def handle(self, *args, **options):
        document = self._read_json(options["file"])
        try:
            populations = None
            if options["population_csv"]:
                populations = services.read_populations(self._read(options["population_csv"]))
            result = services.import_areas(
                document,
                kind=options["kind"],
                code_property=options["code_property"],
                name_property=options["name_property"],
                populations=populations,
            )
        except services.AreaImportError as error:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"  {line}" for line in error.errors)
            ) from error
        total = len(result.created) + len(result.updated) + len(result.unchanged)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {total} areas: {len(result.created)} new, "
                f"{len(result.updated)} updated, {len(result.unchanged)} unchanged."
            )
        )

    def _read(self, path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error

    def _read_json(self, path: Path):
        try:
            return json.loads(self._read(path))
        except json.JSONDecodeError as error:
            raise CommandError(f"{path} is not JSON: {error}") from error
