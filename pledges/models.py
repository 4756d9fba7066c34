import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.deadlines import past_due, past_due_q
from goals.models import GoalPage


class PledgeQuerySet(models.QuerySet):
    def visible_to(self, user=None):
        """Pledges anyone may see: those to goals that are live and public.

        Pledges have no private state of their own; what is private is an individual's
        name, which :func:`pledges.permissions.pledger_name` decides.
        """
        return self.filter(goal__in=GoalPage.objects.live().public().values("pk"))

    def for_listing(self, *, with_goal=True):
        """Everything a pledge card or line shows, in one query (no query per row).

        Only what cards show is loaded: each join costs planning time on every page
        (the ambition and the page a pledge was made from are shown on its own page
        only). The goal (two tables: goal and Wagtail page) comes by a second query of
        the page's few goals rather than a join: joined, next to ``visible_to``'s
        subquery of live goals, planning alone took 5 ms for a 0.3 ms query.
        ``with_goal=False`` for a goal's own wall, which knows its goal."""
        # A correlated count, not a GROUP BY over every pledge of the wall: the database
        # counts updates only for the page's rows, and the wall's index gives the order.
        updates = (
            PledgeUpdate.objects.filter(pledge=models.OuterRef("pk"))  # defined below
            .order_by()
            .values("pledge")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        queryset = self.select_related("organisation", "author")
        if with_goal:
            queryset = queryset.prefetch_related("goal")
        return queryset.annotate(
            updates_count=Coalesce(models.Subquery(updates, output_field=models.IntegerField()), 0)
        )

    def overdue(self, today=None):
        """Past the due date and still active: derived, never stored."""
        today = today or timezone.localdate()
        return self.filter(
            past_due_q(today),
            status=Pledge.Status.ACTIVE,
            condition__in=[Pledge.Condition.NONE, Pledge.Condition.SUCCEEDED],
        )


class Pledge(models.Model):
    """“We will …”: a commitment to a goal by a person, or by a person for an organisation."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        MET = "met", _("Met")
        PARTLY_MET = "partly_met", _("Partly met")
        MISSED = "missed", _("Missed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Condition(models.TextChoices):
        NONE = "none", _("Unconditional")
        OPEN = "open", _("Waiting for others to join")
        SUCCEEDED = "succeeded", _("Enough people joined")
        LAPSED = "lapsed", _("Not enough people joined")

    goal = models.ForeignKey(
        "goals.GoalPage", verbose_name=_("goal"), on_delete=models.PROTECT, related_name="pledges"
    )
    areas = models.ManyToManyField(
        "places.Area", verbose_name=_("areas"), blank=True, related_name="+"
    )
    made_from = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("made from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page the pledge was made from, such as a consultation."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pledges"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    ambition = models.ForeignKey(
        "goals.Ambition",
        verbose_name=_("ambition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pledges",
    )
    text = models.TextField(_("we will…"), max_length=2000)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    show_name = models.BooleanField(_("show my name with this pledge"), default=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    condition = models.CharField(
        _("condition"), max_length=10, choices=Condition.choices, default=Condition.NONE
    )
    threshold = models.PositiveIntegerField(
        _("people needed"), null=True, blank=True, help_text=_("How many others must join.")
    )
    join_deadline = models.DateField(_("join by"), null=True, blank=True)
    join_count = models.PositiveIntegerField(default=0, editable=False)
    condition_decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    author_told_outcome_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the pledger was emailed that the condition succeeded or lapsed."),
    )
    week_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    due_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PledgeQuerySet.as_manager()

    # Residents write pledges concurrently; Wagtail's reference index ("usage") has no
    # use for them, and would queue a task on every save.
    wagtail_reference_index_ignore = True

    class Meta:
        db_table = "goals_pledge"  # moved from goals: the table keeps its name
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["goal", "-created_at"]),
            # The newest pledges anywhere (home page), without sorting them all.
            models.Index(fields=["-created_at", "-id"], name="pledge_newest"),
            models.Index(fields=["goal", "-join_count"]),
            # Counts per goal (pledges.selectors.pledge_counts_for: goal index and goal
            # pages) read from this index alone, grouped by goal as it is ordered.
            models.Index(
                fields=["goal", "organisation", "author"],
                include=["status"],
                condition=~models.Q(status="withdrawn"),
                name="pledge_goal_counts",
            ),
            models.Index(fields=["organisation", "-created_at"]),
            models.Index(fields=["condition", "join_deadline"]),
            models.Index(fields=["status", "due_date"], name="pledge_status_due"),
            models.Index(fields=["author", "-created_at"], name="pledge_author_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(condition="none")
                | models.Q(threshold__gt=0, join_deadline__isnull=False),
                name="conditional_pledge_has_threshold_and_deadline",
            )
        ]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return reverse("pledges:detail", kwargs={"pk": self.pk})

    @property
    def is_conditional(self) -> bool:
        return self.condition != self.Condition.NONE

    @property
    def is_on(self) -> bool:
        """Unconditional, or conditional and enough people joined."""
        return self.condition in (self.Condition.NONE, self.Condition.SUCCEEDED)

    @property
    def is_final(self) -> bool:
        return self.status != self.Status.ACTIVE

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Past its due date with no final status (derived, never stored)."""
        if self.status != self.Status.ACTIVE or not self.is_on:
            return False
        return past_due(self.due_date, today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def people_still_needed(self) -> int:
        if self.condition != self.Condition.OPEN or not self.threshold:
            return 0
        return max(0, self.threshold - self.join_count)


class PledgeJoin(models.Model):
    """Someone joining a conditional pledge: one per person, enforced by the database."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="joins")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pledge_joins"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    told_outcome_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("When this person was emailed that the pledge succeeded or lapsed."),
    )

    class Meta:
        db_table = "goals_pledgejoin"  # moved from goals: the table keeps its name
        constraints = [
            models.UniqueConstraint(fields=["pledge", "user"], name="unique_join_per_user_pledge")
        ]
        verbose_name = _("pledge join")
        verbose_name_plural = _("pledge joins")

    def __str__(self):
        return f"{self.user_id} joined {self.pledge_id}"


class PledgeUpdate(models.Model):
    """A dated progress report on a pledge, optionally setting its status."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pledge_updates"
    )
    text = models.TextField(_("what happened"), max_length=4000)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    status = models.CharField(
        _("status after this update"), max_length=12, choices=Pledge.Status.choices
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "goals_pledgeupdate"  # moved from goals: the table keeps its name
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pledge update")
        verbose_name_plural = _("pledge updates")

    def __str__(self):
        return f"Update on pledge {self.pledge_id}"
