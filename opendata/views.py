"""Open data at /data/: every file, as CSV or JSON, under the OGL. Read-only: each view
answers GET (and HEAD) and nothing else.

No personal data: goals, organisations (which are public bodies and groups, not
people), ambitions and published figures only.
"""

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from consultations import survey_selectors
from consultations.selectors import OPEN_DATA_FIELDS as PROPOSAL_FIELDS
from consultations.selectors import proposals_open_data
from core import opendata
from goals.models import Ambition, GoalPage, Indicator, IndicatorValue
from pledges import selectors as pledge_selectors


def _public_goals():
    return GoalPage.objects.live().public()


@require_GET
def index(request):
    return render(
        request,
        "opendata/data_index.html",
        {
            "datasets": opendata.datasets(),
            "licence": opendata.licence(),
            "page_title": _("Open data"),
        },
    )


def _goal_queryset():
    return (
        _public_goals()
        .select_related("theme", "convened_by")
        .prefetch_related(
            "co_owners",
            Prefetch("ambitions", queryset=Ambition.objects.order_by("sort_order", "pk")),
        )
        .order_by("path")
    )


def _full_url(request, goal):
    return request.build_absolute_uri(goal.url) if goal.url else ""


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
]


@require_GET
def indicators_csv(request):
    def rows():
        values = (
            IndicatorValue.objects.filter(indicator__goal__in=_public_goals())
            .select_related("indicator", "indicator__goal")
            .order_by("indicator__goal__path", "indicator__sort_order", "indicator_id", "date")
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
            ]

    return opendata.csv_response(request, "indicators.csv", INDICATORS_CSV_HEADER, rows)


def _org(o):
    return {"name": o.name, "slug": o.slug, "kind": o.kind, "verified": o.verified}


def _num(value):
    return None if value is None else str(value)


@require_GET
def goals_json(request):
    def items():
        indicators = Indicator.objects.order_by("sort_order", "pk").prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("date"))
        )
        goals = _goal_queryset().prefetch_related(Prefetch("indicators", queryset=indicators))
        pledges = (
            pledge_selectors.pledges_for_goals_json()
        )  # one query; no personal data (pledges' own rule)
        for goal in goals.iterator(chunk_size=100):
            yield {
                "id": goal.pk,
                "slug": goal.slug,
                "title": goal.title,
                "statement": goal.statement,
                "url": _full_url(request, goal),
                "theme": {"name": goal.theme.name, "slug": goal.theme.slug},
                "horizon_year": goal.horizon_year,
                "lifecycle": goal.lifecycle,
                "endorsement": {
                    "by": goal.endorsed_by,
                    "on": goal.endorsed_on,
                    "url": goal.endorsement_url,
                },
                "convened_by": _org(goal.convened_by),
                "co_owners": [_org(o) for o in sorted(goal.co_owners.all(), key=lambda o: o.name)],
                "ambitions": [
                    {"title": a.title, "detail": a.detail, "target_year": a.target_year}
                    for a in goal.ambitions.all()
                ],
                "indicators": [
                    {
                        "id": i.pk,
                        "name": i.name,
                        "kind": i.kind,
                        "unit": i.unit,
                        "direction": i.direction,
                        "baseline": {"date": i.baseline_date, "value": _num(i.baseline_value)},
                        "target": {"date": i.target_date, "value": _num(i.target_value)},
                        "status": i.assessment.code,
                        "status_rule": i.assessment.rule,
                        "source": {
                            "publisher": i.source_publisher,
                            "url": i.source_url,
                            "licence": i.source_licence,
                        },
                        "values": [
                            {
                                "date": p.date,
                                "value": _num(p.value),
                                "provisional": p.provisional,
                                "note": p.note,
                            }
                            for p in i.points
                        ],
                    }
                    for i in goal.indicators.all()
                ],
                "last_published_at": goal.last_published_at,
                "pledges": pledges.get(goal.pk, []),
            }

    head = {"licence": opendata.licence(), "generated_at": timezone.now().isoformat()}
    return opendata.json_response(request, "goals.json", head, "goals", items)


# Pledges and proposals ---------------------------------------------------------------------------


@require_GET
def pledges_csv(request):
    """``/data/pledges.csv``: every public pledge, streamed and cached, without personal
    data (an individual's name only where they chose to be shown)."""

    def rows():
        today = timezone.localdate()
        for pledge in pledge_selectors.open_data_pledges().iterator(chunk_size=500):
            row = pledge_selectors.open_data_row(pledge, today)
            yield [row[field] for field in pledge_selectors.OPEN_DATA_FIELDS]

    return opendata.csv_response(request, "pledges.csv", pledge_selectors.OPEN_DATA_FIELDS, rows)


@require_GET
def proposals_csv(request):
    def rows():
        for row in proposals_open_data():
            yield [row[field] for field in PROPOSAL_FIELDS]

    return opendata.csv_response(request, "proposals.csv", PROPOSAL_FIELDS, rows)


@require_GET
def survey_results_csv(request):
    """The published surveys' aggregated results: counts per option, no free text and
    nothing about who answered."""

    def rows():
        surveys = survey_selectors.published_surveys()
        for row in survey_selectors.survey_results_open_data(surveys):
            yield [row[field] for field in survey_selectors.OPEN_DATA_FIELDS]

    return opendata.csv_response(
        request, "survey-results.csv", survey_selectors.OPEN_DATA_FIELDS, rows
    )
