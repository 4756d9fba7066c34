"""Commitments: what the organisations of a place said they would do towards a goal.

A commitment is a plain model, not a page: organisations write and update it from the
site (``commitments.views``), convenors too, and every change is in the audit trail.

Two things are derived and never stored:

* *overdue*: past its due date and neither done nor dropped
  (:meth:`CommitmentQuerySet.overdue`, :meth:`Commitment.is_overdue`), judged against an
  explicit ``today`` so the boundary is testable;
* *joint*: a commitment naming several organisations is joint only once every one of
  them has accepted it (:class:`CommitmentOrganisation`, one row per named
  organisation, lead included, recording who accepted for it and when).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.deadlines import past_due, past_due_q
from goals.models import GoalPage

OPEN_STATUSES = ("planned", "in_progress")


def overdue_q(today: datetime.date) -> Q:
    """Past the due date (``core.deadlines``) and neither done nor dropped."""
    return Q(status__in=OPEN_STATUSES) & past_due_q(today)


class CommitmentQuerySet(models.QuerySet):
    def visible_to(self, user=None):
        """Commitments anyone may see: those towards live, public goals. A commitment
        has no private state of its own."""
        return self.filter(goal__in=GoalPage.objects.live().public().values("pk"))

    def still_open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date):
        """Past the due date (before ``today``) and neither done nor dropped."""
        return self.filter(overdue_q(today))

    def due_between(self, first: datetime.date, last: datetime.date):
        return self.filter(due_date__gte=first, due_date__lte=last)

    def with_last_update(self):
        """Annotate the latest progress update (``last_update_on``, ``last_update_text``)
        in the same query, so a list needs no query per row."""
        latest = CommitmentUpdate.objects.filter(commitment=OuterRef("pk")).order_by(
            "-happened_on", "-pk"
        )
        return self.annotate(
            last_update_on=Subquery(latest.values("happened_on")[:1]),
            last_update_text=Subquery(latest.values("text")[:1]),
        )

    def for_listing(self):
        """What a row of the ledger shows, in a fixed number of queries: the lead and goal
        joined, the named organisations (with their acceptance) prefetched once."""
        return (
            self.select_related("lead_organisation", "goal")
            .prefetch_related(
                models.Prefetch(
                    "named",
                    queryset=CommitmentOrganisation.objects.select_related("organisation").order_by(
                        "-is_lead", "organisation__name"
                    ),
                )
            )
            .with_last_update()
        )

    def tally(self, today: datetime.date) -> dict:
        """How many in each status, and how many overdue, in one aggregate query."""
        counts = self.order_by().aggregate(
            total=Count("pk"),
            overdue=Count("pk", filter=overdue_q(today)),
            **{status: Count("pk", filter=Q(status=status)) for status in Commitment.Status.values},
        )
        return counts

    def record(self, today: datetime.date) -> dict:
        """An organisation's record: done on time, done late, overdue, dropped, open."""
        return self.order_by().aggregate(
            total=Count("pk"),
            done_on_time=Count(
                "pk", filter=Q(status="done", completed_on__lte=models.F("due_date"))
            ),
            done_late=Count("pk", filter=Q(status="done", completed_on__gt=models.F("due_date"))),
            overdue=Count("pk", filter=overdue_q(today)),
            dropped=Count("pk", filter=Q(status="dropped")),
            on_course=Count("pk", filter=Q(status__in=OPEN_STATUSES) & ~past_due_q(today)),
        )


class Commitment(models.Model):
    """“We will …, by …”: an undertaking by one or more organisations towards a goal."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    class Source(models.TextChoices):
        PROPOSALS = "proposals", _("From adopted ideas")
        RESPONSE = "response", _("From a consultation response")
        DIRECT = "direct", _("Made directly by the organisation")

    title = models.CharField(_("what will be done"), max_length=200)
    description = models.TextField(_("more detail"), max_length=5000, blank=True)
    areas = models.ManyToManyField(
        "places.Area", verbose_name=_("areas"), blank=True, related_name="+"
    )
    goal = models.ForeignKey(
        "goals.GoalPage",
        verbose_name=_("goal"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    ambition = models.ForeignKey(
        "goals.Ambition",
        verbose_name=_("ambition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    lead_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="led_commitments",
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        through="CommitmentOrganisation",
        related_name="commitments",
        verbose_name=_("organisations"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    dropped_reason = models.TextField(_("why it was dropped"), max_length=2000, blank=True)
    completed_on = models.DateField(_("done on"), null=True, blank=True)
    indicators = models.ManyToManyField(
        "goals.Indicator",
        verbose_name=_("indicators it should move"),
        blank=True,
        related_name="commitments",
    )
    proposals = models.ManyToManyField(
        "consultations.Proposal",
        verbose_name=_("adopted ideas behind it"),
        blank=True,
        related_name="commitments",
    )
    response = models.ForeignKey(
        "consultations.ConsultationResponsePage",
        verbose_name=_("consultation response behind it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="commitment_status_due"),
            models.Index(fields=["goal", "due_date"], name="commitment_goal_due"),
            models.Index(fields=["lead_organisation", "due_date"], name="commitment_lead_due"),
            models.Index(fields=["due_date", "id"], name="commitment_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(dropped_reason=""),
                name="dropped_commitment_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False),
                name="done_commitment_has_date",
            ),
        ]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("commitments:detail", kwargs={"pk": self.pk})

    def is_overdue(self, today: datetime.date) -> bool:
        """Past its due date (before ``today``) and neither done nor dropped."""
        return self.status in OPEN_STATUSES and past_due(self.due_date, today)

    @property
    def overdue(self) -> bool:
        return self.is_overdue(timezone.localdate())

    @property
    def is_final(self) -> bool:
        return self.status not in OPEN_STATUSES

    def named_rows(self) -> list:
        """The named organisations' rows (prefetched by ``for_listing``), lead first."""
        return sorted(self.named.all(), key=lambda row: (not row.is_lead, row.organisation.name))

    @property
    def accepted(self) -> list:
        return [row.organisation for row in self.named_rows() if row.accepted_at]

    @property
    def awaited(self) -> list:
        return [row.organisation for row in self.named_rows() if not row.accepted_at]

    @property
    def is_joint(self) -> bool:
        """Shown as joint only once every named organisation (two or more) accepted."""
        rows = self.named_rows()
        return len(rows) > 1 and all(row.accepted_at for row in rows)

    @property
    def is_proposed_joint(self) -> bool:
        """Names several organisations, some of which have not accepted yet."""
        rows = self.named_rows()
        return len(rows) > 1 and not all(row.accepted_at for row in rows)

    def source(self, proposal_count: int | None = None) -> str:
        if proposal_count is None:
            proposal_count = self.proposals.count() if self.pk else 0
        if proposal_count:
            return self.Source.PROPOSALS
        if self.response_id:
            return self.Source.RESPONSE
        return self.Source.DIRECT


class CommitmentOrganisation(models.Model):
    """An organisation named on a commitment, and its acceptance.

    The lead organisation has a row too. An organisation has accepted once one of its
    admins or partner editors said so (``organisations.permissions.speaks_for``, the
    same people who sign a goal's changes off): a row's ``accepted_at`` is set once, by
    a conditional update, so two people accepting at once record one acceptance."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="named")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    is_lead = models.BooleanField(default=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "organisation"], name="unique_organisation_per_commitment"
            ),
            models.UniqueConstraint(
                fields=["commitment"], condition=Q(is_lead=True), name="one_lead_per_commitment"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "commitment"], name="commitment_org")]
        verbose_name = _("named organisation")
        verbose_name_plural = _("named organisations")

    def __str__(self):
        return f"{self.organisation_id} on {self.commitment_id}"


class CommitmentUpdate(models.Model):
    """A dated progress report on a commitment, with links to evidence."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("what happened"), max_length=4000)
    # A JSON list rather than PostgreSQL's ArrayField: the embedded SQLite default must
    # migrate too. The form (EvidenceLinksField) validates each entry as a URL.
    evidence_urls = models.JSONField(_("evidence links"), default=list, blank=True)
    status = models.CharField(
        _("status after this update"),
        max_length=12,
        choices=Commitment.Status.choices,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [
            models.Index(
                fields=["commitment", "-happened_on", "-id"], name="commitment_update_latest"
            )
        ]
        verbose_name = _("commitment update")
        verbose_name_plural = _("commitment updates")

    def __str__(self):
        return f"Update on commitment {self.commitment_id}"
