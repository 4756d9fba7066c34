"""The public record, defined once: which rows anyone may see and which fields of them.

The files on /data/ (``opendata.views``) and the API at /api/v1/ (``opendata.api``) both
read from here, so a field added to a record shows in both and a row that a public page
would not show is in neither:

- the *querysets* are the domain apps' own public rules (``visible_to`` of an anonymous
  visitor, ``live().public()`` pages, ``listed()`` proposals), never a copy of them;
- a *record* is a list of :class:`Field` — a name, how to read it from a model instance
  and the REST framework field that types it. ``record.row(obj)`` gives the values (the
  CSV files pick their columns from it), ``record.serializer`` is the API's serialiser
  (and the OpenAPI schema's component) and writes ``goals.json`` too.

No personal data: no author, email address or account id; a pledger is named only where
``pledges.permissions.pledger_name`` allows it, which never names an anonymised account.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from commitments.models import Commitment, CommitmentOrganisation
from consultations import survey_selectors
from consultations.models import Comment, ConsultationPage, Phase, Proposal
from consultations.models.choices import ModerationState
from core.emails import absolute
from goals.models import Ambition, GoalPage, Indicator, IndicatorValue
from organisations.models import Organisation
from places.models import Area
from pledges.models import Pledge
from pledges.permissions import pledger_name

# Fields and records ------------------------------------------------------------------


class Field:
    """One public field: its ``name``, ``get(obj, context)`` and ``schema``, a REST
    framework field (read-only) that says its type in the API and its schema."""

    def __init__(self, name: str, get: Callable[[Any, dict], Any], schema: serializers.Field):
        self.name = name
        self.get = get
        self.schema = schema


def attr(name: str) -> Callable[[Any, dict], Any]:
    return lambda obj, context: getattr(obj, name)


class _RecordSerializer(serializers.Serializer):
    """Serialises an instance by its record's fields (``record.row``), each value shaped
    by its schema field; ``None`` stays ``null``."""

    record: Record

    def to_representation(self, instance):
        context = self.context
        data = {}
        for field in self.record.fields:
            value = field.get(instance, context)
            data[field.name] = (
                None if value is None else self.fields[field.name].to_representation(value)
            )
        return data


class Record:
    def __init__(self, name: str, fields: list[Field], description: str = ""):
        self.name = name
        self.fields = fields
        self.description = description

    @property
    def names(self) -> list[str]:
        return [field.name for field in self.fields]

    def row(self, obj, context: dict | None = None) -> dict:
        """The record's values for ``obj`` as Python values (dates, decimals, lists)."""
        context = context or {}
        return {field.name: field.get(obj, context) for field in self.fields}

    def extend(self, name: str, fields: list[Field], description: str = "") -> Record:
        """A record with these fields after this one's (the same Field objects)."""
        return Record(name, [*self.fields, *fields], description or self.description)

    @cached_property
    def serializer(self) -> type[serializers.Serializer]:
        attrs = {field.name: field.schema for field in self.fields}
        attrs["record"] = self
        attrs["__doc__"] = self.description or self.name
        return type(f"{self.name}Serializer", (_RecordSerializer,), attrs)


def _text(**kwargs):
    return serializers.CharField(read_only=True, **kwargs)


def _nullable_text(**kwargs):
    return serializers.CharField(read_only=True, allow_null=True, **kwargs)


def _int(**kwargs):
    return serializers.IntegerField(read_only=True, **kwargs)


def _choice(choices, **kwargs):
    return serializers.ChoiceField(choices=choices, read_only=True, **kwargs)


def _area_codes(obj, context) -> list[str]:
    """The codes of the areas a row is placed in (prefetched: ``areas``)."""
    return sorted(area.code for area in obj.areas.all())


def _area_codes_field(
    help_text="The codes of the areas it is placed in (see /api/v1/areas/); empty for the "
    "whole place.",
):
    return serializers.ListField(child=serializers.CharField(), read_only=True, help_text=help_text)


def _joined(codes) -> str:
    return " ".join(codes)


def _absolute(url: str, context: dict) -> str:
    """``url`` on ``SITE_URL``, the site's one address: links in files and the API never
    take the host a request claimed (a forged ``Host`` would be copied into every file)."""
    return absolute(url) if url else ""


# Who may be seen: the public querysets ------------------------------------------------

ANONYMOUS = AnonymousUser()


def goals():
    """Published goals open to everyone (no drafts, no private pages)."""
    return GoalPage.objects.live().public()


def organisations():
    """Every organisation: organisations are public bodies and groups, all listed in
    the directory."""
    return Organisation.objects.all()


def organisation_queryset():
    """Every organisation with what its record reads: the codes of the areas it is
    based in (one query for a page of them)."""
    return organisations().prefetch_related(
        Prefetch("areas", queryset=Area.objects.only("pk", "code"))
    )


def consultations():
    """Published consultations open to everyone, as on the consultations index."""
    return ConsultationPage.objects.live().public()


def proposals_on_record():
    """Every proposal the public record holds (``proposals.csv``): what an anonymous
    visitor may see (``visible_to``), hidden and withdrawn ones included (a hidden one
    without its title), of published public consultations."""
    return Proposal.objects.visible_to(ANONYMOUS).filter(
        consultation__in=consultations().values("pk")
    )


def proposals():
    """Proposals in play (the API): the public record's published ones that their
    author has not withdrawn — what public lists show and tallies count (``listed``)."""
    return proposals_on_record().listed()


def comments():
    """Published comments on proposals in play (``visible_to`` an anonymous visitor;
    a hidden comment's placeholder carries nothing worth publishing)."""
    return Comment.objects.visible_to(ANONYMOUS).filter(
        moderation_state=ModerationState.PUBLISHED, proposal__in=proposals().values("pk")
    )


def pledges():
    """Pledges to published public goals (``Pledge.objects.visible_to``)."""
    return Pledge.objects.visible_to(None)


def indicators():
    return Indicator.objects.filter(goal__in=goals().values("pk"))


def areas():
    """Every area: wards and neighbourhoods are public geography, all on the areas map."""
    return Area.objects.select_related("parent")


# Records -------------------------------------------------------------------------------

AREA = Record(
    "Area",
    [
        Field("id", attr("pk"), _int()),
        Field("code", attr("code"), _text(help_text="Its official code, e.g. an ONS GSS code.")),
        Field("name", attr("name"), _text()),
        Field("slug", attr("slug"), _text()),
        Field("kind", attr("kind"), _choice(Area.Kind.choices)),
        Field(
            "parent_code",
            lambda a, c: a.parent.code if a.parent_id else None,
            _nullable_text(help_text="The code of the area it is part of, if any."),
        ),
        Field(
            "population",
            attr("population"),
            serializers.IntegerField(read_only=True, allow_null=True),
        ),
        Field(
            "url",
            lambda a, c: _absolute(a.get_absolute_url(), c),
            _text(help_text="Its page on this site."),
        ),
    ],
    "An area of the place: a ward, neighbourhood or district.",
)

AREA_DETAIL = AREA.extend(
    "AreaDetail",
    [
        Field(
            "boundary",
            attr("boundary"),
            serializers.JSONField(
                read_only=True,
                help_text="Its boundary: a GeoJSON Polygon or MultiPolygon (WGS 84).",
            ),
        )
    ],
    "An area of the place, with its boundary as GeoJSON.",
)

ORGANISATION_REF = Record(
    "OrganisationRef",
    [
        Field("name", attr("name"), _text()),
        Field("slug", attr("slug"), _text()),
        Field("kind", attr("kind"), _choice(Organisation.Kind.choices)),
        Field("verified", attr("verified"), serializers.BooleanField(read_only=True)),
    ],
    "An organisation, as other records name it.",
)

ORGANISATION = Record(
    "Organisation",
    [
        Field("id", attr("pk"), _int()),
        *ORGANISATION_REF.fields,
        Field("description", attr("description"), _text()),
        Field("website", attr("website"), _text()),
        Field(
            "url",
            lambda o, c: _absolute(o.get_absolute_url(), c),
            _text(help_text="Its page on this site."),
        ),
        Field(
            "areas",
            _area_codes,
            _area_codes_field(
                help_text="The codes of the areas it is based in (see /api/v1/areas/); "
                "empty for an organisation of the whole place."
            ),
        ),
    ],
    "An organisation: a public body, charity, business, school or group.",
)

THEME = Record(
    "Theme",
    [Field("name", attr("name"), _text()), Field("slug", attr("slug"), _text())],
)

AMBITION = Record(
    "Ambition",
    [
        Field("title", attr("title"), _text()),
        Field("detail", attr("detail"), _text()),
        Field("target_year", attr("target_year"), _int(allow_null=True)),
    ],
)

VALUE = Record(
    "IndicatorValue",
    [
        Field("date", attr("date"), serializers.DateField(read_only=True)),
        Field("value", attr("value"), serializers.DecimalField(20, 3, read_only=True)),
        Field("provisional", attr("provisional"), serializers.BooleanField(read_only=True)),
        Field("note", attr("note"), _text()),
    ],
    "One published figure of an indicator.",
)

_DATED = Record(
    "DatedValue",
    [
        Field("date", lambda pair, c: pair[0], serializers.DateField(read_only=True)),
        Field(
            "value",
            lambda pair, c: pair[1],
            serializers.DecimalField(20, 3, read_only=True, allow_null=True),
        ),
    ],
)

INDICATOR = Record(
    "Indicator",
    [
        Field("id", attr("pk"), _int()),
        Field("name", attr("name"), _text()),
        Field("kind", attr("kind"), _choice(Indicator.Kind.choices)),
        Field("unit", attr("unit"), _text()),
        Field("direction", attr("direction"), _choice(Indicator.Direction.choices)),
        Field(
            "baseline",
            lambda i, c: (i.baseline_date, i.baseline_value),
            _DATED.serializer(read_only=True),
        ),
        Field(
            "target",
            lambda i, c: (i.target_date, i.target_value),
            _DATED.serializer(read_only=True),
        ),
        Field(
            "status",
            lambda i, c: i.assessment.code,
            _text(help_text="Derived from the trajectory: on_track, off_track, no_target…"),
        ),
        Field("status_rule", lambda i, c: i.assessment.rule, _text()),
        Field(
            "source",
            lambda i, c: i,
            Record(
                "IndicatorSource",
                [
                    Field("publisher", attr("source_publisher"), _text()),
                    Field("url", attr("source_url"), _text()),
                    Field("licence", attr("source_licence"), _text()),
                ],
            ).serializer(read_only=True),
        ),
    ],
    "A measure of a goal's progress.",
)

INDICATOR_WITH_VALUES = INDICATOR.extend(
    "IndicatorWithValues",
    [
        Field(
            "values",
            lambda i, c: sorted(i.values.all(), key=lambda v: v.date),
            VALUE.serializer(many=True, read_only=True),
        ),
    ],
)

INDICATOR_LISTED = INDICATOR.extend(
    "IndicatorListed",
    [
        Field("goal", attr("goal_id"), _int(help_text="The goal's id.")),
        Field("goal_slug", lambda i, c: i.goal.slug, _text()),
    ],
)

INDICATOR_DETAIL = INDICATOR_LISTED.extend("IndicatorDetail", INDICATOR_WITH_VALUES.fields[-1:])


PLEDGE_ON_GOAL = Record(
    "PledgeOnGoal",
    [
        Field("id", attr("pk"), _int()),
        Field("goal_id", attr("goal_id"), _int()),
        Field(
            "organisation",
            lambda p, c: p.organisation.name if p.organisation_id else None,
            _nullable_text(),
        ),
        Field(
            "organisation_kind",
            lambda p, c: p.organisation.kind if p.organisation_id else None,
            _nullable_text(),
        ),
        # The one naming rule: a person is named only if they chose to be, never once
        # their account is anonymised.
        Field(
            "pledger",
            lambda p, c: pledger_name(p) if p.show_name or p.organisation_id else None,
            _nullable_text(),
        ),
        Field("text", attr("text"), _text()),
        Field("status", attr("status"), _choice(Pledge.Status.choices)),
        Field(
            "overdue",
            lambda p, c: p.is_overdue(c.get("today") or timezone.localdate()),
            serializers.BooleanField(read_only=True),
        ),
        Field("due_date", attr("due_date"), serializers.DateField(read_only=True, allow_null=True)),
        Field("conditional", attr("is_conditional"), serializers.BooleanField(read_only=True)),
        Field("people_needed", attr("threshold"), _int(allow_null=True)),
        Field(
            "join_by", attr("join_deadline"), serializers.DateField(read_only=True, allow_null=True)
        ),
        Field("condition", attr("condition"), _choice(Pledge.Condition.choices)),
        Field("joins", attr("join_count"), _int()),
        Field("updates", attr("updates_count"), _int()),
        Field(
            "created",
            lambda p, c: timezone.localdate(p.created_at),
            serializers.DateField(read_only=True),
        ),
    ],
    "A pledge: what a person or an organisation will do towards a goal.",
)

PLEDGE = PLEDGE_ON_GOAL.extend(
    "Pledge",
    [
        Field("goal", lambda p, c: p.goal.title, _text()),
        Field("goal_url", lambda p, c: _absolute(p.goal.url or "", c), _text()),
        Field("areas", _area_codes, _area_codes_field()),
    ],
)

# pledges.csv keeps its columns and their order.
PLEDGE_FILE_COLUMNS = [
    "id", "goal_id", "goal", "goal_url", "organisation", "organisation_kind", "pledger", "text",
    "status", "overdue", "due_date", "conditional", "people_needed", "join_by", "condition",
    "joins", "updates", "created", "areas",
]  # fmt: skip


# Commitments -------------------------------------------------------------------------

COMMITMENT_ORGANISATION = Record(
    "CommitmentOrganisation",
    [
        Field("name", lambda row, c: row.organisation.name, _text()),
        Field("slug", lambda row, c: row.organisation.slug, _text()),
        Field("lead", attr("is_lead"), serializers.BooleanField(read_only=True)),
        Field(
            "accepted",
            lambda row, c: row.accepted_at is not None,
            serializers.BooleanField(read_only=True),
        ),
        Field(
            "accepted_on",
            lambda row, c: row.accepted_at.date() if row.accepted_at else None,
            serializers.DateField(read_only=True, allow_null=True),
        ),
    ],
)

COMMITMENT = Record(
    "Commitment",
    [
        Field("id", attr("pk"), _int()),
        Field("title", attr("title"), _text()),
        Field("description", attr("description"), _text()),
        Field("goal_id", attr("goal_id"), _int()),
        Field("goal", lambda m, c: m.goal.title, _text()),
        Field(
            "organisations",
            lambda m, c: m.named_rows(),
            COMMITMENT_ORGANISATION.serializer(many=True, read_only=True),
        ),
        Field("joint", lambda m, c: m.is_joint, serializers.BooleanField(read_only=True)),
        Field("status", attr("status"), _choice(Commitment.Status.choices)),
        Field(
            "overdue",
            lambda m, c: m.is_overdue(c.get("today") or timezone.localdate()),
            serializers.BooleanField(read_only=True),
        ),
        Field("due_date", attr("due_date"), serializers.DateField(read_only=True)),
        Field(
            "completed_on",
            attr("completed_on"),
            serializers.DateField(read_only=True, allow_null=True),
        ),
        Field("dropped_reason", attr("dropped_reason"), _text()),
        Field(
            "proposal_ids",
            lambda m, c: sorted(p.pk for p in m.proposals.all()),
            serializers.ListField(child=serializers.IntegerField(), read_only=True),
        ),
        Field(
            "indicator_ids",
            lambda m, c: sorted(i.pk for i in m.indicators.all()),
            serializers.ListField(child=serializers.IntegerField(), read_only=True),
        ),
        Field(
            "last_update_on",
            attr("last_update_on"),
            serializers.DateField(read_only=True, allow_null=True),
        ),
        Field(
            "ambition",
            lambda m, c: m.ambition.title if m.ambition_id else None,
            _nullable_text(help_text="The goal's ambition it serves, if one."),
        ),
        Field("lead_organisation", lambda m, c: m.lead_organisation.name, _text()),
        Field(
            "awaiting_acceptance",
            lambda m, c: [org.name for org in m.awaited],
            serializers.ListField(
                child=serializers.CharField(),
                read_only=True,
                help_text="The named organisations that have not accepted it yet.",
            ),
        ),
        Field(
            "source",
            lambda m, c: m.source(len(m.proposals.all())),
            _choice(Commitment.Source.choices),
        ),
        Field(
            "response_id",
            attr("response_id"),
            _int(allow_null=True, help_text="The consultation response it came from."),
        ),
        Field("updates", attr("updates_count"), _int(help_text="Progress updates so far.")),
        Field("areas", _area_codes, _area_codes_field()),
        Field("created_at", attr("created_at"), serializers.DateTimeField(read_only=True)),
        Field("updated_at", attr("updated_at"), serializers.DateTimeField(read_only=True)),
    ],
    "What an organisation (or several, jointly) committed to do towards a goal: who, by "
    "when, its status and whether it is overdue. Organisations only: no person is named.",
)


def _ids(values) -> str:
    return " ".join(str(value) for value in values)


# commitments.csv: (column, record field, how the cell is written; None: as it is).
COMMITMENT_FILE_COLUMNS = [
    ("id", "id", None),
    ("title", "title", None),
    ("description", "description", None),
    ("goal_id", "goal_id", None),
    ("goal", "goal", None),
    ("ambition", "ambition", None),
    ("lead_organisation", "lead_organisation", None),
    ("organisations", "organisations", lambda v: "; ".join(r.organisation.name for r in v)),
    ("awaiting_acceptance", "awaiting_acceptance", "; ".join),
    ("joint", "joint", None),
    ("status", "status", None),
    ("overdue", "overdue", None),
    ("due_date", "due_date", None),
    ("completed_on", "completed_on", None),
    ("dropped_reason", "dropped_reason", None),
    ("source", "source", None),
    ("proposal_ids", "proposal_ids", _ids),
    ("response_id", "response_id", None),
    ("indicator_ids", "indicator_ids", _ids),
    ("updates", "updates", None),
    ("last_update_on", "last_update_on", None),
    ("created_at", "created_at", lambda v: v.isoformat()),
    ("updated_at", "updated_at", lambda v: v.isoformat()),
    ("areas", "areas", _joined),
]


def file_row(record: Record, columns, obj, context: dict | None = None) -> list:
    """One row of a file from ``record``: its ``columns`` (column, field, writer), each
    written by its writer (a missing value stays empty)."""
    row = record.row(obj, context)
    return [
        row[field] if write is None or row[field] is None else write(row[field])
        for _column, field, write in columns
    ]


def _goal_url(goal, context):
    return _absolute(goal.url or "", context)


GOAL_SUMMARY = Record(
    "GoalSummary",
    [
        Field("id", attr("pk"), _int()),
        Field("slug", attr("slug"), _text()),
        Field("title", attr("title"), _text()),
        Field("statement", attr("statement"), _text()),
        Field("url", _goal_url, _text()),
        Field("theme", attr("theme"), THEME.serializer(read_only=True)),
        Field("horizon_year", attr("horizon_year"), _int()),
        Field("lifecycle", attr("lifecycle"), _choice(GoalPage.Lifecycle.choices)),
        Field(
            "endorsement",
            lambda g, c: g,
            Record(
                "Endorsement",
                [
                    Field("by", attr("endorsed_by"), _text()),
                    Field(
                        "on",
                        attr("endorsed_on"),
                        serializers.DateField(read_only=True, allow_null=True),
                    ),
                    Field("url", attr("endorsement_url"), _text()),
                ],
            ).serializer(read_only=True),
        ),
        Field("convened_by", attr("convened_by"), ORGANISATION_REF.serializer(read_only=True)),
        Field(
            "co_owners",
            lambda g, c: sorted(g.co_owners.all(), key=lambda o: o.name),
            ORGANISATION_REF.serializer(many=True, read_only=True),
        ),
        Field(
            "ambitions",
            lambda g, c: list(g.ambitions.all()),
            AMBITION.serializer(many=True, read_only=True),
        ),
        Field(
            "last_published_at",
            attr("last_published_at"),
            serializers.DateTimeField(read_only=True, allow_null=True),
        ),
    ],
    "A city goal, without its indicators' figures.",
)

GOAL = GOAL_SUMMARY.extend(
    "Goal",
    [
        Field(
            "indicators",
            lambda g, c: list(g.indicators.all()),
            INDICATOR_WITH_VALUES.serializer(many=True, read_only=True),
        ),
        Field(
            "pledges",
            lambda g, c: c["pledges"].get(g.pk, []) if "pledges" in c else list(g.pledge_list),
            PLEDGE_ON_GOAL.serializer(many=True, read_only=True),
        ),
        Field(
            "commitments",
            lambda g, c: c.get("commitments", {}).get(g.pk, []),
            COMMITMENT.serializer(many=True, read_only=True),
        ),
    ],
    "A city goal in full: owners, ambitions, indicators with their figures and status, "
    "and its pledges.",
)


def goal_queryset(with_indicators=True):
    """Goals with everything their records read, in a fixed number of queries."""
    queryset = (
        goals()
        .select_related("theme", "convened_by")
        .prefetch_related(
            "co_owners",
            Prefetch("ambitions", queryset=Ambition.objects.order_by("sort_order", "pk")),
        )
        .order_by("path")
    )
    if with_indicators:
        values = IndicatorValue.objects.order_by("date")
        queryset = queryset.prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("sort_order", "pk").prefetch_related(
                    Prefetch("values", queryset=values)
                ),
            )
        )
    return queryset


def pledge_queryset(with_areas=True):
    """Public pledges with what their records read; ``with_areas=False`` for the goal
    records' pledges (``PLEDGE_ON_GOAL`` has no areas: no query for them)."""
    queryset = (
        pledges()
        .select_related("goal", "organisation", "author")
        .annotate(updates_count=Count("updates", distinct=True))
    )
    if with_areas:
        queryset = queryset.prefetch_related(
            Prefetch("areas", queryset=Area.objects.only("pk", "code"))
        )
    return queryset


def pledges_by_goal(goal_ids=None) -> dict[int, list]:
    """Pledges grouped by goal id (one query), for goal records."""
    queryset = pledge_queryset(with_areas=False).order_by("pk")
    if goal_ids is not None:
        queryset = queryset.filter(goal_id__in=list(goal_ids))
    grouped: dict[int, list] = {}
    for pledge in queryset:
        grouped.setdefault(pledge.goal_id, []).append(pledge)
    return grouped


def _phase_state(phase, at):
    if phase.ends_at <= at:
        return "past"
    return "current" if phase.starts_at <= at else "future"


PHASE = Record(
    "Phase",
    [
        Field("action", attr("action"), _choice(Phase._meta.get_field("action").choices)),
        Field("starts_at", attr("starts_at"), serializers.DateTimeField(read_only=True)),
        Field("ends_at", attr("ends_at"), serializers.DateTimeField(read_only=True)),
        Field(
            "state",
            lambda p, c: _phase_state(p, c.get("at") or timezone.now()),
            _choice([("past", "past"), ("current", "current"), ("future", "future")]),
        ),
    ],
)

CONSULTATION = Record(
    "Consultation",
    [
        Field("id", attr("pk"), _int()),
        Field("slug", attr("slug"), _text()),
        Field("title", attr("title"), _text()),
        Field("question", attr("question"), _text()),
        Field("url", lambda p, c: _absolute(p.url or "", c), _text()),
        Field(
            "state",
            lambda p, c: p.state(c.get("at") or timezone.now()),
            _choice([(s, s) for s in ("upcoming", "open", "between", "closed")]),
        ),
        Field(
            "phases",
            lambda p, c: p._phases(),
            PHASE.serializer(many=True, read_only=True),
        ),
        Field(
            "goals",
            lambda p, c: sorted(g.pk for g in p.goals.all() if g.live),
            serializers.ListField(child=serializers.IntegerField(), read_only=True),
        ),
        Field("supports_per_person", attr("supports_per_person"), _int()),
        Field(
            "organisations_may_propose",
            attr("organisations_may_propose"),
            serializers.BooleanField(read_only=True),
        ),
        Field("moderation", attr("moderation"), _choice(ConsultationPage.Moderation.choices)),
        Field("proposal_count", attr("proposal_count"), _int(help_text="Proposals in play.")),
        Field(
            "last_published_at",
            attr("last_published_at"),
            serializers.DateTimeField(read_only=True, allow_null=True),
        ),
    ],
    "A consultation: a question put to the place, with its phases.",
)


def consultation_queryset():
    listed = Q(
        proposals__moderation_state=ModerationState.PUBLISHED,
        proposals__withdrawn_at__isnull=True,
    )
    return (
        consultations()
        .prefetch_related("phases", "goals")
        .annotate(proposal_count=Count("proposals", filter=listed))
    )


def _hidden(proposal):
    return proposal.moderation_state == ModerationState.HIDDEN


PROPOSAL = Record(
    "Proposal",
    [
        Field("id", attr("pk"), _int()),
        Field("url", lambda p, c: _absolute(p.get_absolute_url(), c), _text()),
        Field("consultation", attr("consultation_id"), _int(help_text="The consultation's id.")),
        Field("consultation_title", lambda p, c: p.consultation.title, _text()),
        # A hidden proposal keeps its counts and states on the record, never its words.
        Field("title", lambda p, c: None if _hidden(p) else p.title, _nullable_text()),
        Field("body", lambda p, c: None if _hidden(p) else p.body, _nullable_text()),
        Field("areas", _area_codes, _area_codes_field()),
        Field(
            "organisation",
            lambda p, c: p.organisation.slug if p.organisation_id else None,
            _nullable_text(help_text="The slug of the organisation it was made on behalf of."),
        ),
        Field(
            "organisation_name",
            lambda p, c: p.organisation.name if p.organisation_id else None,
            _nullable_text(),
        ),
        Field("status", attr("status"), _choice(Proposal.Status.choices)),
        Field("response", lambda p, c: p.response or None, _nullable_text()),
        Field(
            "responded_at",
            attr("responded_at"),
            serializers.DateTimeField(read_only=True, allow_null=True),
        ),
        Field("moderation_state", attr("moderation_state"), _choice(ModerationState.choices)),
        Field("support_count", attr("support_count"), _int()),
        Field("comment_count", attr("comment_count"), _int()),
        Field("created_at", attr("created_at"), serializers.DateTimeField(read_only=True)),
        Field("withdrawn", attr("is_withdrawn"), serializers.BooleanField(read_only=True)),
    ],
    "A proposal made in a consultation, with its official status and response.",
)


def _date(value):
    return timezone.localdate(value).isoformat() if value else ""


# proposals.csv: (column, record field, how the cell is written).
PROPOSAL_FILE_COLUMNS = [
    ("id", "id", None),
    ("url", "url", None),
    ("consultation", "consultation_title", None),
    ("title", "title", None),
    ("organisation", "organisation_name", None),
    ("status", "status", None),
    ("moderation_state", "moderation_state", None),
    ("supports", "support_count", None),
    ("comments", "comment_count", None),
    ("created", "created_at", lambda v: v.date().isoformat()),
    ("withdrawn", "withdrawn", lambda v: "yes" if v else "no"),
    ("areas", "areas", _joined),
]


def proposal_queryset(base=None):
    base = proposals() if base is None else base
    return base.select_related("consultation", "organisation").prefetch_related(
        Prefetch("areas", queryset=Area.objects.only("pk", "code"))
    )


COMMENT = Record(
    "Comment",
    [
        Field("id", attr("pk"), _int()),
        Field("proposal", attr("proposal_id"), _int()),
        Field(
            "parent",
            attr("parent_id"),
            _int(allow_null=True, help_text="The comment it replies to."),
        ),
        Field("body", attr("body"), _text()),
        Field("created_at", attr("created_at"), serializers.DateTimeField(read_only=True)),
    ],
    "A published comment on a proposal. Authors are not named in the open data.",
)

__all__ = [
    "COMMENT",
    "COMMITMENT_FILE_COLUMNS",
    "CONSULTATION",
    "GOAL",
    "GOAL_SUMMARY",
    "INDICATOR",
    "INDICATOR_DETAIL",
    "INDICATOR_LISTED",
    "ORGANISATION",
    "PLEDGE",
    "PLEDGE_FILE_COLUMNS",
    "PROPOSAL",
    "PROPOSAL_FILE_COLUMNS",
    "Field",
    "Record",
]


def commitment_queryset():
    """Public commitments (towards published public goals), with what their record reads."""
    return (
        Commitment.objects.filter(goal__in=goals().values("pk"))
        .select_related("goal", "lead_organisation", "ambition")
        .annotate(updates_count=Count("updates", distinct=True))
        .prefetch_related(
            Prefetch(
                "named",
                queryset=CommitmentOrganisation.objects.select_related("organisation"),
            ),
            Prefetch("proposals", queryset=proposals().only("pk")),
            Prefetch("indicators", queryset=Indicator.objects.only("pk", "goal_id")),
            Prefetch("areas", queryset=Area.objects.only("pk", "code")),
        )
        .with_last_update()
    )


def commitments_by_goal(goal_ids=None) -> dict[int, list]:
    """Commitments grouped by goal id, for goal records (a fixed number of queries)."""
    queryset = commitment_queryset().order_by("due_date", "pk")
    if goal_ids is not None:
        queryset = queryset.filter(goal_id__in=list(goal_ids))
    grouped: dict[int, list] = {}
    for commitment in queryset:
        grouped.setdefault(commitment.goal_id, []).append(commitment)
    return grouped


# Survey results (issue 16) ----------------------------------------------------------
#
# Aggregated only, from ``survey_selectors.public_results`` — the figures the public
# results page shows, with options chosen by 1 to 4 people suppressed — and only for the
# surveys whose results page is public (closed, results published, page live and
# public). Never free text, a response, a reference or an equality answer.


def survey_results_queryset(at=None):
    """The consultations whose survey results anyone may see (``published_surveys``:
    the public results page's own rule), as a queryset for the API's keyset pages."""
    published = [page.pk for page in survey_selectors.published_surveys(at)]
    return ConsultationPage.objects.filter(pk__in=published).select_related("survey_results")


def with_survey_figures(pages) -> list:
    """``pages`` with their public results read for them all at once (a fixed number of
    queries for a page of 1 or 100 surveys), as their records read them."""
    pages = list(pages)
    figures = survey_selectors.public_results_many(pages)
    for page in pages:
        page._public_survey_results = figures[page.pk]
    return pages


def _survey_figures(page) -> dict:
    """The page's public results, read once per page object (the API serialises a page
    field by field)."""
    figures = getattr(page, "_public_survey_results", None)
    if figures is None:
        figures = page._public_survey_results = survey_selectors.public_results(page)
    return figures


def key(name: str) -> Callable[[Any, dict], Any]:
    return lambda item, context: item[name]


SURVEY_OPTION = Record(
    "SurveyOptionResult",
    [
        Field("option", key("label"), _text()),
        Field(
            "count",
            key("count"),
            _int(
                allow_null=True,
                help_text="People who chose it (for a ranking: ranked it first); null "
                "when 1 to 4 did (suppressed).",
            ),
        ),
        Field(
            "suppressed",
            key("suppressed"),
            serializers.BooleanField(read_only=True, help_text="Fewer than 5 chose it."),
        ),
        Field(
            "percent_of_answers",
            key("percent"),
            serializers.FloatField(read_only=True, allow_null=True),
        ),
    ],
)

SURVEY_QUESTION = Record(
    "SurveyQuestionResult",
    [
        Field("question_id", lambda s, c: s["question"]["id"], _text()),
        Field("question", lambda s, c: s["question"]["label"], _text()),
        Field(
            "question_type",
            lambda s, c: s["question"]["type"],
            _choice([(t, t) for t in survey_selectors.PUBLIC_RESULT_TYPES]),
        ),
        Field("answered", key("answered"), _int(help_text="People who answered it.")),
        Field("options", key("rows"), SURVEY_OPTION.serializer(many=True, read_only=True)),
    ],
)

SURVEY_RESULTS = Record(
    "SurveyResults",
    [
        Field("id", attr("pk"), _int(help_text="The consultation's id.")),
        Field("consultation", attr("title"), _text()),
        Field(
            "url",
            lambda p, c: _absolute(reverse("consultations:survey_public_results", args=[p.pk]), c),
            _text(help_text="The public results page."),
        ),
        Field("responses", lambda p, c: _survey_figures(p)["total"], _int()),
        Field(
            "published_at",
            lambda p, c: p.survey_results.published_at,
            serializers.DateTimeField(read_only=True),
        ),
        Field(
            "questions",
            lambda p, c: [
                q
                for q in _survey_figures(p)["questions"]
                if q["question"]["type"] in survey_selectors.PUBLIC_RESULT_TYPES
            ],
            SURVEY_QUESTION.serializer(many=True, read_only=True),
        ),
    ],
    "A consultation's published survey results: counts per option of each choice, "
    "scale and ranking question (options chosen by fewer than 5 people suppressed). "
    "No free text and nothing about who answered.",
)

# survey-results.csv: one row per option, its columns named from the three records.
SURVEY_RESULT_FILE_COLUMNS = [
    ("consultation_id", SURVEY_RESULTS, "id"),
    ("consultation", SURVEY_RESULTS, "consultation"),
    ("question_id", SURVEY_QUESTION, "question_id"),
    ("question", SURVEY_QUESTION, "question"),
    ("question_type", SURVEY_QUESTION, "question_type"),
    ("option", SURVEY_OPTION, "option"),
    ("count", SURVEY_OPTION, "count"),
    ("suppressed", SURVEY_OPTION, "suppressed"),
    ("percent_of_answers", SURVEY_OPTION, "percent_of_answers"),
    ("answered", SURVEY_QUESTION, "answered"),
    ("responses", SURVEY_RESULTS, "responses"),
]


def survey_result_rows(pages, context: dict | None = None):
    """``survey-results.csv``'s rows (dicts by column) for ``pages``: each option of
    each question of each survey record, flattened."""
    for page in with_survey_figures(pages):
        survey = SURVEY_RESULTS.row(page, context)
        for question in SURVEY_RESULTS.fields[-1].get(page, context or {}):
            asked = SURVEY_QUESTION.row(question, context)
            for option in question["rows"]:
                values = {
                    SURVEY_RESULTS: survey,
                    SURVEY_QUESTION: asked,
                    SURVEY_OPTION: SURVEY_OPTION.row(option, context),
                }
                yield {
                    column: values[record][name]
                    for column, record, name in SURVEY_RESULT_FILE_COLUMNS
                }
