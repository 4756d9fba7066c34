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
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from shapely import voronoi_polygons
from shapely.geometry import MultiPoint, Point, Polygon, mapping

from accounts.models import User
from commitments.models import Commitment
from consultations.models import Proposal
from core import opendata, page_cache
from goals.models import Indicator, IndicatorValue
from organisations.models import Organisation
from places import services
from places.models import Area
from pledges.models import Pledge

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
    """Load the wards once (idempotent: when every ward is in, a second run changes
    nothing, not even the audit trail's record of an import)."""
    document = json.loads(WARDS_FILE.read_text())
    codes = {feature["properties"]["code"] for feature in document["features"]}
    if codes <= set(Area.objects.filter(code__in=codes).values_list("code", flat=True)):
        stdout.write("Wards: all in place.")
        return
    result = services.import_areas(
        document,
        kind="ward",
        code_property="code",
        name_property="name",
        populations=services.read_populations(POPULATIONS_FILE.read_text()),
    )
    stdout.write(
        f"Wards: {len(result.created)} new, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged."
    )


# How unevenly Lowbridge takes part: each ward's weight in the draw of who proposes and
# pledges where (the centre and the north loud, the south-west estates quiet), so the
# participation map shows whom the consultations are not hearing from.
WEIGHTS = {
    "Old Town": 9, "Castle Hill": 7, "Riverside": 8, "Canal Basin": 6, "Northgate": 5,
    "Highfield": 5, "Westcroft": 3, "Eastfield": 3, "Mill Green": 4, "Brookhouse": 2,
    "Wyre Vale": 2, "Hollins": 1, "Kingsway": 1, "Saint Anne's": 1, "Lowmoor": 0,
    "Southmoor": 0,
}  # fmt: skip
# Where the local organisations are based (by slug): unevenly, as in life (the centre,
# the canal and the river crowded, Saint Anne's with none of its own). The council, the
# public services, the buses, the chamber and the council of faiths serve the whole
# place and are based in no ward.
ORGANISATION_WARDS = {
    "university-of-lowbridge": ["Old Town", "Castle Hill"],  # two city-centre campuses
    "lowbridge-college": ["Canal Basin"],
    "riverside-primary-school": ["Riverside"],
    "st-annes-academy": ["Northgate"],
    "lowbridge-cycle-hub": ["Canal Basin"],
    "lowbridge-food-network": ["Old Town", "Westcroft", "Hollins", "Kingsway"],
    "wyre-rivers-trust": ["Riverside", "Wyre Vale"],
    "lowbridge-citizens-advice": ["Old Town"],
    "youth-lowbridge": ["Northgate", "Eastfield", "Brookhouse", "Hollins", "Lowmoor", "Southmoor"],
    "canalside-makers": ["Canal Basin"],
    "lowbridge-community-energy": ["Mill Green"],
    "st-marys-church": ["Castle Hill"],
    "lowbridge-central-mosque": ["Eastfield"],
    "riverside-residents": ["Riverside"],
    "northgate-tenants": ["Northgate"],
    "hillfield-community-association": ["Highfield"],
    "lowbridge-housing-trust": ["Lowmoor", "Southmoor", "Kingsway"],
    "lowbridge-carers-centre": ["Westcroft"],
}
# Where the demo commitments are placed (by title; see demo/commitments.py): a third
# for the whole place (citywide services, the council's and the NHS's programmes), the
# rest in one or two wards, crowded where the local organisations are (the centre, the
# river, Northgate, Highfield) and with the south-west's housing estates getting the
# new homes. A commitment a partner has placed already keeps its areas.
COMMITMENT_WARDS = {
    "We will run a damp and mould hotline, open six days a week": ["Riverside"],
    "We will fit damp sensors in 300 tenants' homes": ["Northgate", "Lowmoor"],
    "We will insulate 600 council homes in Hillfield": ["Highfield"],
    "We will open two more bike libraries": ["Northgate", "Highfield"],
    "We will give every Year 6 pupil cycle training": ["Riverside"],
    "We will light the canal towpath from the station to Riverside Park": [
        "Canal Basin",
        "Riverside",
    ],
    "We will run a bus every 10 minutes on the Northgate line": ["Northgate", "Old Town"],
    "We will open three community gardens on unused land": ["Highfield"],
    "We will clean up the Wyre at Meadows bathing spot": ["Wyre Vale"],
    "We will test the river weekly and publish the results": ["Riverside", "Wyre Vale"],
    "We will cut our own carbon emissions by half": ["Old Town", "Castle Hill"],
    "We will open a drop-in crisis café": ["Old Town"],
    "We will visit every older person living alone in Northgate": ["Northgate"],
    "We will run weekly lunch clubs in five places of worship": ["Castle Hill", "Eastfield"],
    "We will walk the night-time economy with street pastors": ["Old Town"],
    "We will build 400 homes for social rent": ["Lowmoor"],
    "We will read with every child who is behind by the end of Year 1": ["Riverside"],
    "We will reopen the Hillfield high street market": ["Highfield"],
}
# Indicators broken down by ward: (goal page slug, indicator name, spread) where spread is
# how far the wards sit from the place-wide figure (a factor either way).
BREAKDOWN_SPREAD = 0.45


def _weighted(wards, n: int) -> list:
    """The ``n``-th draw from ``wards`` by WEIGHTS: deterministic, uneven."""
    pool = [ward for ward in wards for _ in range(WEIGHTS.get(ward.name, 1))]
    stride = 7  # coprime with any pool size that is not a multiple of 7
    return pool[(n * stride) % len(pool)]


def spread(stdout) -> None:
    """Place the demo's organisations, commitments, people, ideas and pledges in wards, and
    break three indicators down by ward. Idempotent: the same draws every run."""
    wards = list(Area.objects.filter(kind=Area.Kind.WARD).order_by("code"))
    if not wards:
        return
    # Organisations: the local ones where they are based (an organisation a convenor has
    # placed already keeps its areas).
    by_name = {ward.name: ward for ward in wards}
    organisations = Organisation.objects.filter(slug__in=ORGANISATION_WARDS, areas__isnull=True)
    for organisation in organisations:
        names = ORGANISATION_WARDS[organisation.slug]
        organisation.areas.set([by_name[name] for name in names if name in by_name])
    # Commitments: the local ones where they are for, the rest for the whole place.
    placed = list(
        Commitment.objects.filter(title__in=COMMITMENT_WARDS, areas__isnull=True).order_by("pk")
    )
    for commitment in placed:
        names = COMMITMENT_WARDS[commitment.title]
        commitment.areas.set([by_name[name] for name in names if name in by_name])
    if placed:  # commitments.csv, the API and the ledger's cached pages name the areas
        transaction.on_commit(opendata.bump)
        page_cache.bump()
    # People: everyone who has not chosen an area gets one, drawn unevenly.
    for n, user in enumerate(User.objects.filter(area__isnull=True, is_staff=False).order_by("pk")):
        if n % 4 != 3:  # a quarter say nothing, as in life
            User.objects.filter(pk=user.pk).update(area=_weighted(wards, n))
    # Ideas and pledges: most placed where their authors live, some citywide.
    for n, proposal in enumerate(Proposal.objects.select_related("author").order_by("pk")):
        if n % 5 != 4:
            proposal.areas.set([proposal.author.area or _weighted(wards, n + 3)])
    for n, pledge in enumerate(Pledge.objects.select_related("author").order_by("pk")):
        if n % 3 != 2:
            pledge.areas.set([pledge.author.area or _weighted(wards, n + 5)])
    # Three indicators by ward, at their latest place-wide date.
    indicators = list(Indicator.objects.filter(goal__live=True).order_by("goal__path", "pk")[:3])
    made = 0
    for i, indicator in enumerate(indicators):
        latest = IndicatorValue.objects.filter(indicator=indicator).order_by("-date").first()
        if latest is None:
            continue
        for w, ward in enumerate(wards):
            swing = ((w * 5 + i * 3) % len(wards)) / (len(wards) - 1) * 2 - 1  # -1 … 1
            value = latest.value * Decimal(str(round(1 + BREAKDOWN_SPREAD * swing, 3)))
            IndicatorValue.all_values.update_or_create(
                indicator=indicator,
                date=latest.date,
                area=ward,
                defaults={"value": value.quantize(Decimal("0.1"))},
            )
            made += 1
    stdout.write(
        f"Wards: organisations, commitments, people, ideas and pledges placed; "
        f"{made} figures by ward."
    )
