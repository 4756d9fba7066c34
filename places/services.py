"""Writes of the places app: importing a set of boundaries.

An import is all or nothing: every feature is checked first and every problem reported
with the feature's number (counted from 1, in the file's order), and only a file with
none is written, in one transaction. It is idempotent: an area is matched by its code,
so importing the same file again updates names, boundaries and populations in place and
creates nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import audit
from places import geometry
from places.models import POSTCODE_DISTRICT, Area, PostcodeDistrict, normalise_district


class AreaImportError(Exception):
    """The file cannot be imported; ``errors`` says why, one line per problem."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Feature:
    code: str
    name: str
    boundary: dict


def read_populations(text: str) -> dict[str, int]:
    """``code,population`` rows (a header row naming those two columns) as a dict;
    raises :class:`AreaImportError` naming each bad line."""
    reader = csv.DictReader(io.StringIO(text))
    fields = [name.strip().lower() for name in reader.fieldnames or []]
    if "code" not in fields or "population" not in fields:
        raise AreaImportError(
            [_("The population file needs a header row with the columns code and population.")]
        )
    reader.fieldnames = fields
    populations, errors = {}, []
    for line, row in enumerate(reader, start=2):
        code, value = (row.get("code") or "").strip(), (row.get("population") or "").strip()
        if not code:
            errors.append(_("Population line %(line)s: no code.") % {"line": line})
            continue
        try:
            number = int(value.replace(",", ""))
        except ValueError:
            number = -1
        if number < 0:
            errors.append(
                _("Population line %(line)s: “%(value)s” is not a whole number of people.")
                % {"line": line, "value": value}
            )
            continue
        populations[code] = number
    if errors:
        raise AreaImportError(errors)
    return populations


def _features(document, code_property: str, name_property: str) -> list[_Feature]:
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise AreaImportError([_("The file is not a GeoJSON FeatureCollection.")])
    raw = document.get("features")
    if not isinstance(raw, list) or not raw:
        raise AreaImportError([_("The file has no features.")])
    features, errors, first_with = [], [], {}
    for number, feature in enumerate(raw, start=1):
        problems = []
        properties = feature.get("properties") if isinstance(feature, dict) else None
        properties = properties if isinstance(properties, dict) else {}
        code = str(properties.get(code_property) or "").strip()
        name = str(properties.get(name_property) or "").strip()
        if not code:
            problems.append(_("no %(property)s property (its code).") % {"property": code_property})
        elif len(code) > Area._meta.get_field("code").max_length:
            problems.append(_("its code “%(code)s” is too long.") % {"code": code})
        elif code in first_with:
            problems.append(
                _("its code %(code)s is already used by feature %(other)s.")
                % {"code": code, "other": first_with[code]}
            )
        else:
            first_with[code] = number
        if not name:
            problems.append(_("no %(property)s property (its name).") % {"property": name_property})
        boundary = feature.get("geometry") if isinstance(feature, dict) else None
        problems.extend(geometry.geometry_errors(boundary))
        errors.extend(
            _("Feature %(number)s: %(problem)s") % {"number": number, "problem": problem}
            for problem in problems
        )
        if not problems:
            features.append(_Feature(code, name, boundary))
    if errors:
        raise AreaImportError(errors)
    return features


def _unique_slug(name: str, code: str, taken: set[str]) -> str:
    slug = slugify(name)[:120] or slugify(code)
    if slug in taken:
        slug = f"{slug}-{slugify(code)}"
    return slug


def import_areas(
    document,
    *,
    kind: str,
    code_property: str,
    name_property: str,
    populations: dict[str, int] | None = None,
    actor=None,
) -> ImportResult:
    """Create or update one area of ``kind`` per feature of ``document`` (a parsed
    GeoJSON FeatureCollection), matched by code; all or nothing."""
    if kind not in Area.Kind.values:
        raise AreaImportError([_("“%(kind)s” is not a kind of area.") % {"kind": kind}])
    features = _features(document, code_property, name_property)
    populations = populations or {}
    codes = {feature.code for feature in features}
    unknown = sorted(set(populations) - codes)
    if unknown:
        raise AreaImportError(
            [
                _("The population file names a code that is in no feature: %(code)s.")
                % {"code": code}
                for code in unknown
            ]
        )
    result = ImportResult()
    with transaction.atomic():
        existing = {area.code: area for area in Area.objects.select_for_update()}
        taken = {area.slug for area in existing.values()}
        for feature in features:
            area = existing.get(feature.code)
            population = populations.get(feature.code, area.population if area else None)
            if area is None:
                area = Area(code=feature.code)
                area.slug = _unique_slug(feature.name, feature.code, taken)
                result.created.append(feature.code)
            elif (area.name, area.kind, area.boundary, area.population) == (
                feature.name,
                kind,
                feature.boundary,
                population,
            ):
                result.unchanged.append(feature.code)
                continue
            else:
                result.updated.append(feature.code)
            taken.add(area.slug)
            area.name, area.kind, area.boundary = feature.name, kind, feature.boundary
            area.population = population
            area.save()
        if result.created or result.updated:  # importing the same file again records nothing
            audit.record(
                actor,
                "places.import_areas",
                detail={
                    "created": len(result.created),
                    "updated": len(result.updated),
                    "kind": kind,
                },
            )
    return result


def import_postcode_districts(text: str, *, actor=None) -> ImportResult:
    """Create or update the postcode-district lookup from ``district,area_code`` rows
    (a header row naming them); all or nothing, each bad line named."""
    reader = csv.DictReader(io.StringIO(text))
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames or []]
    if "district" not in reader.fieldnames or "area_code" not in reader.fieldnames:
        raise AreaImportError(
            [_("The file needs a header row with the columns district and area_code.")]
        )
    areas = {area.code: area for area in Area.objects.all()}
    rows, errors, seen = [], [], {}
    for line, row in enumerate(reader, start=2):
        district = normalise_district(row.get("district") or "")
        code = (row.get("area_code") or "").strip()
        if not POSTCODE_DISTRICT.match(district):
            errors.append(
                _("Line %(line)s: “%(value)s” is not a postcode district (such as LS6).")
                % {"line": line, "value": row.get("district") or ""}
            )
        elif district in seen:
            errors.append(
                _("Line %(line)s: %(district)s is already on line %(other)s.")
                % {"line": line, "district": district, "other": seen[district]}
            )
        elif code not in areas:
            errors.append(
                _("Line %(line)s: no area has the code “%(code)s”.") % {"line": line, "code": code}
            )
        else:
            seen[district] = line
            rows.append((district, areas[code]))
    if errors:
        raise AreaImportError(errors)
    result = ImportResult()
    with transaction.atomic():
        existing = set(PostcodeDistrict.objects.values_list("code", flat=True))
        for district, area in rows:
            PostcodeDistrict.objects.update_or_create(code=district, defaults={"area": area})
            (result.updated if district in existing else result.created).append(district)
        audit.record(
            actor,
            "places.import_postcode_districts",
            detail={"created": len(result.created), "updated": len(result.updated)},
        )
    return result
