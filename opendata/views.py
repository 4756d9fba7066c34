"""Open data at /data/: every file, as CSV or JSON, under the OGL. Read-only: each view
answers GET (and HEAD) and nothing else.

No personal data: goals, organisations (which are public bodies and groups, not
people), ambitions and published figures only.
"""

from django.db.models import F
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import emails, opendata
from goals.models import Indicator, IndicatorValue
from opendata import public


def _public_goals():
    return public.goals()


@require_GET
def index(request):
    return render(
        request,
        "opendata/data_index.html",
        {
            "datasets": opendata.datasets(),
            "licence": opendata.licence(),
            "page_title": _("Open data"),
            "api_root_url": emails.absolute(reverse("api:index")),
            "api_docs_url": reverse("api:docs"),
            "api_schema_url": reverse("api:schema"),
        },
    )


def _goal_queryset():
    return public.goal_queryset(with_indicators=False)


def _full_url(request, goal):
    """The goal's public address on SITE_URL, whichever host the file was fetched from."""
    return emails.absolute(goal.url) if goal.url else ""


GOALS_CSV_HEADER = [
    "goal_id",
    "slug",
    "title",
    "statement",
    "url",
    "theme",
    "horizon_year",
    "lifecycle",
    "convened_by",
    "co_owners",
    "ambitions",
    "endorsed_by",
    "endorsed_on",
    "endorsement_url",
    "indicators",
    "indicators_on_track",
    "indicators_off_track",
    "last_published_at",
]


def _indicator_counts():
    """{goal_id: (total, on_track, off_track)} in one query."""
    counts = {}
    for indicator in Indicator.objects.filter(goal__in=_public_goals()).with_latest():
        total, on, off = counts.get(indicator.goal_id, (0, 0, 0))
        code = indicator.assessment.code
        counts[indicator.goal_id] = (
            total + 1,
            on + (code == "on_track"),
            off + (code == "off_track"),
        )
    return counts


@require_GET
def goals_csv(request):
    def rows():
        counts = _indicator_counts()
        for goal in _goal_queryset().iterator(chunk_size=200):
            total, on, off = counts.get(goal.pk, (0, 0, 0))
            yield [
                goal.pk,
                goal.slug,
                goal.title,
                goal.statement,
                _full_url(request, goal),
                goal.theme.name,
                goal.horizon_year,
                goal.lifecycle,
                goal.convened_by.name,
                "; ".join(sorted(o.name for o in goal.co_owners.all())),
                " | ".join(
                    a.title + (f" (by {a.target_year})" if a.target_year else "")
                    for a in goal.ambitions.all()
                ),
                goal.endorsed_by,
                goal.endorsed_on.isoformat() if goal.endorsed_on else "",
                goal.endorsement_url,
                total,
                on,
                off,
                goal.last_published_at.isoformat() if goal.last_published_at else "",
            ]

    return opendata.csv_response(request, "goals.csv", GOALS_CSV_HEADER, rows)


INDICATORS_CSV_HEADER = [
    "goal_slug",
    "goal",
    "indicator_id",
    "indicator",
    "unit",
    "direction",
    "date",
    "value",
    "provisional",
    "note",
    "baseline_date",
    "baseline_value",
    "target_date",
    "target_value",
    "source",
    "source_url",
    "source_licence",
    "area_code",
]


@require_GET
def indicators_csv(request):
    def rows():
        values = (
            IndicatorValue.all_values.filter(indicator__goal__in=_public_goals())
            .select_related("indicator", "indicator__goal", "area")
            .order_by(
                "indicator__goal__path",
                "indicator__sort_order",
                "indicator_id",
                F("area__code").asc(nulls_first=True),
                "date",
            )
        )
        for v in values.iterator(chunk_size=2000):
            i = v.indicator
            yield [
                i.goal.slug,
                i.goal.title,
                i.pk,
                i.name,
                i.unit,
                i.direction,
                v.date.isoformat(),
                v.value,
                v.provisional,
                v.note,
                i.baseline_date.isoformat(),
                i.baseline_value,
                i.target_date.isoformat() if i.target_date else "",
                "" if i.target_value is None else i.target_value,
                i.source_publisher,
                i.source_url,
                i.source_licence,
                v.area.code if v.area_id else "",  # blank: the place-wide figure
            ]

    return opendata.csv_response(request, "indicators.csv", INDICATORS_CSV_HEADER, rows)


@require_GET
def areas_geojson(request):
    """``/data/areas.geojson``: every area as a GeoJSON Feature (its boundary, and the
    public area record as its properties)."""

    def features():
        serializer = public.AREA.serializer
        for area in public.areas().order_by("kind", "code").iterator(chunk_size=200):
            yield {
                "type": "Feature",
                "id": area.code,
                "properties": serializer(area, context={"request": request}).data,
                "geometry": area.boundary,
            }

    head = {
        "type": "FeatureCollection",
        "licence": opendata.licence(),
        "generated_at": timezone.now().isoformat(),
    }
    return opendata.json_response(
        request, "areas.geojson", head, "features", features, "application/geo+json"
    )


@require_GET
def goals_json(request):
    def items():
        grouped = public.pledges_by_goal()  # one query for every goal's pledges
        serializer = public.GOAL.serializer
        context = {
            "request": request,
            "pledges": grouped,
            "commitments": public.commitments_by_goal(),  # organisations only
            "today": timezone.localdate(),
        }
        for goal in public.goal_queryset().iterator(chunk_size=100):
            yield serializer(goal, context=context).data

    head = {"licence": opendata.licence(), "generated_at": timezone.now().isoformat()}
    return opendata.json_response(request, "goals.json", head, "goals", items)


# Pledges and proposals ---------------------------------------------------------------------------


@require_GET
def pledges_csv(request):
    """``/data/pledges.csv``: every public pledge, streamed and cached, without personal
    data (an individual's name only where they chose to be shown)."""

    def rows():
        context = {"request": request, "today": timezone.localdate()}
        for pledge in public.pledge_queryset().order_by("pk").iterator(chunk_size=500):
            row = public.PLEDGE.row(pledge, context)
            row["areas"] = " ".join(row["areas"])  # codes, space-separated
            yield [row[column] for column in public.PLEDGE_FILE_COLUMNS]

    return opendata.csv_response(request, "pledges.csv", public.PLEDGE_FILE_COLUMNS, rows)


@require_GET
def commitments_csv(request):
    """``/data/commitments.csv``: every public commitment, from the same record as the
    API's (``public.COMMITMENT``), with organisations and dates only (never who wrote or
    accepted it)."""
    columns = public.COMMITMENT_FILE_COLUMNS

    def rows():
        context = {"today": timezone.localdate()}
        queryset = public.commitment_queryset().order_by("pk")
        for commitment in queryset.iterator(chunk_size=500):
            yield public.file_row(public.COMMITMENT, columns, commitment, context)

    return opendata.csv_response(request, "commitments.csv", [c[0] for c in columns], rows)


@require_GET
def proposals_csv(request):
    """``/data/proposals.csv``: the public record of proposals (hidden and withdrawn
    ones included, a hidden one without its title); no names or other personal data."""
    columns = public.PROPOSAL_FILE_COLUMNS

    def rows():
        queryset = public.proposal_queryset(public.proposals_on_record()).order_by(
            "consultation_id", "pk"
        )
        for proposal in queryset.iterator(chunk_size=2000):
            yield public.file_row(public.PROPOSAL, columns, proposal)

    return opendata.csv_response(request, "proposals.csv", [c[0] for c in columns], rows)


@require_GET
def survey_results_csv(request):
    """The published surveys' aggregated results (``public.SURVEY_RESULTS``, flattened
    to one row per option): counts, small ones suppressed; no free text and nothing
    about who answered."""
    columns = [column for column, _record, _name in public.SURVEY_RESULT_FILE_COLUMNS]

    def rows():
        pages = public.survey_results_queryset().order_by("pk")
        for row in public.survey_result_rows(pages):
            yield [("yes" if row[c] else "no") if c == "suppressed" else row[c] for c in columns]

    return opendata.csv_response(request, "survey-results.csv", columns, rows)
