"""Lowbridge's wards: made-up boundaries for the fictional city, and their loading.

``demo/data/lowbridge-wards.geojson`` is generated, not traced from any real place: 16
seed points on a jittered 4 × 4 grid around a made-up centre, their Voronoi cells clipped
to a wobbly city outline about 12 km across. This writes it again
(deterministically, from the fixed seed): ``manage.py shell -c
"from demo import wards; wards.write()"``. ``seed`` loads it, with the populations in
``lowbridge-ward-populations.csv``, through the same service as ``import_areas``.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

from shapely import voronoi_polygons
from shapely.geometry import MultiPoint, Point, Polygon, mapping

from places import services

DATA = Path(__file__).resolve().parent / "data"
WARDS_FILE = DATA / "lowbridge-wards.geojson"
POPULATIONS_FILE = DATA / "lowbridge-ward-populations.csv"

CENTRE = (-1.912, 53.468)  # somewhere in England that is no city's centre
NAMES = [
    "Northgate", "Castle Hill", "Highfield", "Brookhouse",
    "Westcroft", "Old Town", "Canal Basin", "Eastfield",
    "Hollins", "Riverside", "Mill Green", "Wyre Vale",
    "Lowmoor", "Southmoor", "Saint Anne's", "Kingsway",
]  # fmt: skip
# Residents per ward (2025 estimate for the demo): uneven on purpose.
POPULATIONS = [
    9_800, 11_200, 8_400, 10_100,
    12_600, 7_300, 9_900, 13_800,
    8_900, 14_700, 10_400, 11_900,
    15_200, 12_100, 7_800, 9_600,
]  # fmt: skip


def generate(seed: int = 1987) -> dict:
    """The wards as a GeoJSON FeatureCollection (codes LB000001…, names in NAMES)."""
    rng = random.Random(seed)
    lon0, lat0 = CENTRE
    kx = math.cos(math.radians(lat0))
    km = 1 / 111.32  # degrees of latitude in a kilometre
    outline = Polygon(
        [
            (
                lon0
                + math.cos(t) * (6.2 + 0.7 * math.sin(3 * t) + rng.uniform(-0.25, 0.25)) * km / kx,
                lat0 + math.sin(t) * (5.4 + 0.5 * math.cos(2 * t) + rng.uniform(-0.25, 0.25)) * km,
            )
            for t in (2 * math.pi * i / 72 for i in range(72))
        ]
    )
    seeds = []
    for row in range(4):
        for col in range(4):
            x = (col - 1.5) * 3.0 + rng.uniform(-0.8, 0.8)
            y = (1.5 - row) * 2.6 + rng.uniform(-0.7, 0.7)
            seeds.append((lon0 + x * km / kx, lat0 + y * km))
    cells = voronoi_polygons(MultiPoint(seeds), extend_to=outline.buffer(0.1))
    features = []
    for index, (point, name, population) in enumerate(
        zip(seeds, NAMES, POPULATIONS, strict=True), start=1
    ):
        cell = next(c for c in cells.geoms if c.contains(Point(point)))
        ward = cell.intersection(outline)
        geometry = json.loads(json.dumps(mapping(ward)))
        rounded = [
            [[round(x, 5), round(y, 5)] for x, y in ring] for ring in geometry["coordinates"]
        ]
        features.append(
            {
                "type": "Feature",
                "properties": {"code": f"LB{index:06d}", "name": name, "population": population},
                "geometry": {"type": "Polygon", "coordinates": rounded},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write() -> None:
    document = generate()
    WARDS_FILE.write_text(json.dumps(document, indent=None, separators=(",", ":")) + "\n")
    lines = ["code,population"] + [
        f"{f['properties']['code']},{f['properties']['population']}" for f in document["features"]
    ]
    POPULATIONS_FILE.write_text("\n".join(lines) + "\n")


def seed(stdout) -> None:
    """Load the wards (idempotent: a second run updates them in place)."""
    result = services.import_areas(
        json.loads(WARDS_FILE.read_text()),
        kind="ward",
        code_property="code",
        name_property="name",
        populations=services.read_populations(POPULATIONS_FILE.read_text()),
    )
    stdout.write(f"Wards: {len(result.created)} new, {len(result.updated)} updated.")
