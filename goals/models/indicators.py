from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from goals import indicators as logic


class IndicatorQuerySet(models.QuerySet):
    def with_latest(self):
        """Annotate each indicator with its latest figure (``latest_date``, ``latest_value``,
        ``latest_provisional``) in the same query, so lists need no query per row."""
        latest = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by("-date")
        return self.annotate(
            latest_date=Subquery(latest.values("date")[:1]),
            latest_value=Subquery(latest.values("value")[:1]),
            latest_provisional=Subquery(latest.values("provisional")[:1]),
        )


class Indicator(ClusterableModel):
    """A measure of a goal's progress.

    Indicators are edited as snippets, not inline on the goal page, so that adding a
    year of figures does not create a new revision of a shared goal.
    """

    class Kind(models.TextChoices):
        CONTEXT = "context", _("Context (no target)")
        COMMITMENT = "commitment", _("Commitment (has a target)")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    goal = models.ForeignKey(
        "goals.GoalPage",
        verbose_name=_("goal"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    sort_order = models.PositiveSmallIntegerField(_("order on the goal page"), default=0)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CONTEXT)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("For example “%” or “tonnes”."))
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=3)
    baseline_date = models.DateField(_("baseline date"))
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    source_publisher = models.CharField(_("source publisher"), max_length=200)
    source_url = models.URLField(_("source link"), blank=True)
    source_licence = models.CharField(
        _("source licence"), max_length=120, default="Open Government Licence v3.0"
    )

    objects = IndicatorQuerySet.as_manager()

    panels = [
        FieldPanel("goal"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("direction"), FieldPanel("unit")]),
        FieldPanel("sort_order"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("baseline_value"), FieldPanel("baseline_date")]),
                FieldRowPanel([FieldPanel("target_value"), FieldPanel("target_date")]),
            ],
            heading=_("Baseline and target"),
            help_text=_(
                "The status (on or off track) is worked out from the straight line between "
                "the baseline and the target; it is never typed in."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("source_publisher"),
                FieldPanel("source_url"),
                FieldPanel("source_licence"),
            ],
            heading=_("Source"),
        ),
        InlinePanel("values", heading=_("Figures"), label=_("figure")),
    ]

    class Meta:
        ordering = ["goal", "sort_order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.COMMITMENT:
            if self.target_value is None:
                errors["target_value"] = _("A commitment needs a target value.")
            if self.target_date is None:
                errors["target_date"] = _("A commitment needs a target date.")
        if (self.target_value is None) != (self.target_date is None):
            errors.setdefault(
                "target_date", _("Give both a target value and a target date, or neither.")
            )
        if self.target_date and self.baseline_date and self.target_date <= self.baseline_date:
            errors["target_date"] = _("The target date must be after the baseline date.")
        if errors:
            raise ValidationError(errors)

    # --- derived, for templates (use prefetched ``values`` or ``with_latest()``) ---------

    @cached_property
    def points(self) -> list:
        """All figures, oldest first (uses prefetched values when there are some)."""
        return [
            logic.Point(v.date, v.value, v.provisional, v.note)
            for v in sorted(self.values.all(), key=lambda v: v.date)
        ]

    @cached_property
    def table_rows(self) -> list[dict]:
        """The figures for the data table: date, value with unit, provisional, note."""
        return [
            {
                "date": p.date,
                "value": self.format(p.value),
                "provisional": p.provisional,
                "note": p.note,
            }
            for p in self.points
        ]

    @cached_property
    def latest_point(self):
        if hasattr(self, "latest_date"):
            if self.latest_date is None:
                return None
            return logic.Point(self.latest_date, self.latest_value, bool(self.latest_provisional))
        return self.points[-1] if self.points else None

    @cached_property
    def assessment(self):
        return logic.assess_indicator(self, self.latest_point)

    @property
    def has_target(self):
        return logic.has_target(self.kind, self.target_date, self.target_value)

    def _chart_args(self):
        return {
            "baseline_date": self.baseline_date,
            "baseline_value": self.baseline_value,
            "target_date": self.target_date if self.has_target else None,
            "target_value": self.target_value if self.has_target else None,
            "points": self.points,
            "unit": self.unit,
        }

    @cached_property
    def chart(self):
        return logic.build_chart(**self._chart_args())

    @cached_property
    def chart_description(self):
        return logic.describe_chart(name=self.name, direction=self.direction, **self._chart_args())

    def format(self, value):
        return logic.format_value(value, self.unit)

    @property
    def baseline_display(self):
        return self.format(self.baseline_value)

    @property
    def target_display(self):
        return self.format(self.target_value) if self.target_value is not None else ""


class PlaceWideValueManager(models.Manager):
    """The place-wide figures only (no area): what an indicator's chart, status and trend
    are made of. It is the default manager, so ``indicator.values`` and every existing
    reader see the place-wide series; an area's breakdown is read through
    ``IndicatorValue.all_values``."""

    def get_queryset(self):
        return super().get_queryset().filter(area__isnull=True)


class IndicatorValue(models.Model):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="values")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    provisional = models.BooleanField(_("provisional"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)
    # The area the figure is for; none for the place-wide figure. An area with figures
    # cannot be deleted (its history would go with it).
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    all_values = models.Manager()
    objects = PlaceWideValueManager()

    # Wagtail's reference index fetches a saved row by its default manager, which does
    # not hold area figures; a figure refers to nothing worth indexing anyway.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["indicator", "date"]
        default_manager_name = "objects"
        base_manager_name = "all_values"
        constraints = [
            # One place-wide figure per indicator and date, and one per area: two partial
            # indexes, because NULL areas are never equal in a plain unique index.
            models.UniqueConstraint(
                fields=["indicator", "date"],
                condition=models.Q(area__isnull=True),
                name="unique_indicator_value_per_date",
            ),
            models.UniqueConstraint(
                fields=["indicator", "date", "area"],
                condition=models.Q(area__isnull=False),
                name="unique_indicator_area_value_per_date",
            ),
        ]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("value"), FieldPanel("provisional")]),
        FieldPanel("note"),
    ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.date:%Y-%m-%d})"
