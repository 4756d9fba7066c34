from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


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

    class Meta:
        ordering = ["goal", "sort_order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name


class IndicatorValue(models.Model):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="values")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    provisional = models.BooleanField(_("provisional"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["indicator", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"], name="unique_indicator_value_per_date"
            )
        ]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.date:%Y-%m-%d})"
