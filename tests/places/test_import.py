"""import_areas: every validation error, all or nothing, idempotent re-imports, and
point-in-area lookups."""

import json

import pytest
from django.core.management import CommandError, call_command

from places.models import Area, PostcodeDistrict
from places.services import AreaImportError, import_areas, read_populations
from tests.factories.places import centre, square

pytestmark = pytest.mark.django_db


def feature(code="E05000001", name="Riverside", geometry=None, **extra):
    properties = {"WD24CD": code, "WD24NM": name, **extra}
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": square(0, 0) if geometry is None else geometry,
    }


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def run(document, populations=None):
    return import_areas(
        document,
        kind="ward",
        code_property="WD24CD",
        name_property="WD24NM",
        populations=populations,
    )


def errors_of(document, populations=None):
    with pytest.raises(AreaImportError) as caught:
        run(document, populations)
    assert not Area.objects.exists()  # all or nothing
    return caught.value.errors


def two_wards():
    return collection(
        feature("E05000001", "Riverside", square(0, 0)),
        feature("E05000002", "Old Town", square(1, 0)),
    )


def test_a_file_of_wards_is_imported_with_codes_names_kinds_and_slugs():
    result = run(two_wards(), populations={"E05000002": 8200})

    assert sorted(result.created) == ["E05000001", "E05000002"] and result.updated == []
    riverside, old_town = Area.objects.order_by("code")
    assert (riverside.name, riverside.slug, riverside.kind) == ("Riverside", "riverside", "ward")
    assert (riverside.population, old_town.population) == (None, 8200)
    assert (riverside.west, riverside.east) == pytest.approx((-1.95, -1.93))


def test_importing_again_updates_in_place_and_creates_nothing():
    run(two_wards())
    first_ids = set(Area.objects.values_list("pk", flat=True))
    moved = two_wards()
    moved["features"][0]["properties"]["WD24NM"] = "Riverside and Docks"
    moved["features"][0]["geometry"] = square(0, 1)

    result = run(moved, populations={"E05000001": 9100})

    assert result.created == [] and result.updated == ["E05000001"]
    assert result.unchanged == ["E05000002"]
    assert set(Area.objects.values_list("pk", flat=True)) == first_ids
    riverside = Area.objects.get(code="E05000001")
    assert riverside.name == "Riverside and Docks" and riverside.population == 9100
    assert riverside.slug == "riverside"  # links to its page keep working
    assert riverside.south == pytest.approx(53.47)


def test_a_ring_that_is_not_closed_is_refused_by_feature_number():
    open_ring = square(1, 0)
    open_ring["coordinates"][0] = [*open_ring["coordinates"][0][:-1], [-1.9, 53.4]]
    errors = errors_of(collection(feature(), feature("E05000002", "Old Town", open_ring)))
    assert errors == ["Feature 2: Ring 1 is not closed: its first and last positions differ."]


def test_a_point_or_line_is_not_a_boundary():
    point = {"type": "Point", "coordinates": [-1.9, 53.4]}
    errors = errors_of(collection(feature(geometry=point)))
    assert errors == ["Feature 1: Its geometry is a Point, not a Polygon or MultiPolygon."]


def test_a_feature_without_geometry_is_refused():
    document = collection(feature())
    document["features"][0]["geometry"] = None
    assert errors_of(document) == ["Feature 1: It has no geometry."]


def test_a_ring_of_too_few_positions_is_refused():
    short = {"type": "Polygon", "coordinates": [[[-1.9, 53.4], [-1.8, 53.4], [-1.9, 53.4]]]}
    assert errors_of(collection(feature(geometry=short))) == [
        "Feature 1: Ring 1 has fewer than four positions."
    ]


def test_a_self_intersecting_polygon_is_refused():
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[-1.9, 53.4], [-1.8, 53.5], [-1.8, 53.4], [-1.9, 53.5], [-1.9, 53.4]]],
    }
    (error,) = errors_of(collection(feature(geometry=bowtie)))
    assert error.startswith("Feature 1: Its geometry is not valid (Self-intersection")


def test_positions_outside_longitude_and_latitude_are_refused():
    # Easting and northing (British National Grid) given where degrees were expected.
    grid = {
        "type": "Polygon",
        "coordinates": [[[430000, 380000], [431000, 380000], [431000, 381000], [430000, 380000]]],
    }
    (error,) = errors_of(collection(feature(geometry=grid)))
    assert "outside longitude and latitude" in error


def test_duplicate_codes_name_both_features():
    errors = errors_of(collection(feature(), feature("E05000001", "Old Town", square(1, 0))))
    assert errors == ["Feature 2: its code E05000001 is already used by feature 1."]


def test_missing_code_and_name_properties_are_each_reported():
    document = collection(
        feature(), {"type": "Feature", "properties": {}, "geometry": square(1, 0)}
    )
    assert errors_of(document) == [
        "Feature 2: no WD24CD property (its code).",
        "Feature 2: no WD24NM property (its name).",
    ]


def test_every_bad_feature_is_reported_at_once():
    point = {"type": "Point", "coordinates": [0, 0]}
    document = collection(
        feature(), feature("E05000002", "", square(1, 0)), feature("E05000003", "C", point)
    )
    errors = errors_of(document)
    assert [e.split(":")[0] for e in errors] == ["Feature 2", "Feature 3"]


def test_a_file_that_is_not_a_feature_collection_is_refused():
    assert errors_of({"type": "Polygon"}) == ["The file is not a GeoJSON FeatureCollection."]
    assert errors_of(collection()) == ["The file has no features."]


def test_a_population_for_an_unknown_code_is_refused():
    errors = errors_of(two_wards(), populations={"E05999999": 100})
    assert errors == ["The population file names a code that is in no feature: E05999999."]


def test_a_bad_population_file_names_the_line():
    with pytest.raises(AreaImportError) as caught:
        read_populations("code,population\nE05000001,12,300\nE05000002,lots\n,5\n")
    assert caught.value.errors == [
        "Population line 3: “lots” is not a whole number of people.",
        "Population line 4: no code.",
    ]
    assert read_populations('Code,Population\nE05000001,"12,300"\n') == {"E05000001": 12300}


def test_a_later_error_leaves_nothing_half_written():
    run(two_wards())
    document = two_wards()
    document["features"][0]["properties"]["WD24NM"] = "Renamed"
    document["features"].append(
        feature("E05000003", "Bad", {"type": "Point", "coordinates": [0, 0]})
    )

    with pytest.raises(AreaImportError):
        run(document)

    assert Area.objects.get(code="E05000001").name == "Riverside"
    assert Area.objects.count() == 2


def test_the_command_imports_and_reports_errors(tmp_path, capsys):
    good = tmp_path / "wards.geojson"
    good.write_text(json.dumps(two_wards()))
    populations = tmp_path / "population.csv"
    populations.write_text("code,population\nE05000001,12000\n")
    options = ["--kind", "ward", "--code-property", "WD24CD", "--name-property", "WD24NM"]

    call_command("import_areas", str(good), *options, "--population-csv", str(populations))
    call_command("import_areas", str(good), *options)

    assert "2 areas: 0 new, 0 updated, 2 unchanged" in capsys.readouterr().out
    assert Area.objects.get(code="E05000001").population == 12000
    bad = tmp_path / "bad.geojson"
    bad.write_text(
        json.dumps(collection(feature(geometry={"type": "Point", "coordinates": [0, 0]})))
    )
    with pytest.raises(CommandError, match="Feature 1: Its geometry is a Point"):
        call_command("import_areas", str(bad), *options)
    not_json = tmp_path / "wards.txt"
    not_json.write_text("Riverside")
    with pytest.raises(CommandError, match="is not JSON"):
        call_command("import_areas", str(not_json), *options)


def test_a_point_is_found_in_its_area_and_nowhere_outside():
    run(two_wards())
    riverside = Area.objects.get(code="E05000001")

    assert Area.objects.area_at(*centre(0, 0)) == riverside
    assert Area.objects.area_at(*centre(1, 0)).code == "E05000002"
    assert Area.objects.area_at(*centre(3, 3)) is None
    assert riverside.contains(*centre(0, 0)) and not riverside.contains(*centre(1, 0))


def test_a_point_in_a_hole_is_not_in_the_area():
    outer = square(0, 0, step=0.06)["coordinates"][0]
    hole = list(reversed(square(1, 1)["coordinates"][0]))
    run(collection(feature(geometry={"type": "Polygon", "coordinates": [outer, hole]})))
    assert Area.objects.area_at(*centre(0, 0)) is not None
    assert Area.objects.area_at(*centre(1, 1)) is None


def test_the_demo_wards_import_and_tile_the_city():
    call_command(
        "import_areas",
        "demo/data/lowbridge-wards.geojson",
        "--kind",
        "ward",
        "--code-property",
        "code",
        "--name-property",
        "name",
        "--population-csv",
        "demo/data/lowbridge-ward-populations.csv",
    )
    wards = list(Area.objects.all())
    assert 12 <= len(wards) <= 20 and all(w.population for w in wards)
    # Every ward's label point lies in that ward and in no other.
    for ward in wards:
        assert Area.objects.area_at(ward.label_lon, ward.label_lat) == ward


def test_postcode_districts_import_all_or_nothing_and_update(tmp_path):
    run(two_wards())
    lookup = tmp_path / "districts.csv"
    lookup.write_text("district,area_code\nls6,E05000001\nLS7,E05000002\n")
    call_command("import_postcode_districts", str(lookup))
    assert PostcodeDistrict.objects.area_for("ls 6").code == "E05000001"

    lookup.write_text("district,area_code\nLS6,E05000002\n")
    call_command("import_postcode_districts", str(lookup))
    assert PostcodeDistrict.objects.area_for("LS6").code == "E05000002"
    assert PostcodeDistrict.objects.count() == 2

    lookup.write_text("district,area_code\nLS8,E05000001\nLS6 1AA,E05000001\nLS9,E05999999\n")
    with pytest.raises(CommandError) as caught:
        call_command("import_postcode_districts", str(lookup))
    assert "Line 3: “LS6 1AA” is not a postcode district" in str(caught.value)
    assert "Line 4: no area has the code “E05999999”" in str(caught.value)
    assert PostcodeDistrict.objects.area_for("LS8") is None  # nothing was written
