from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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
        "goals.Organisation",
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
    week_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    due_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["goal", "-created_at"]),
            models.Index(fields=["goal", "-join_count"]),
            models.Index(fields=["organisation", "-created_at"]),
            models.Index(fields=["condition", "join_deadline"]),
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


class PledgeJoin(models.Model):
    """Someone joining a conditional pledge: one per person, enforced by the database."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="joins")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pledge_joins"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pledge", "user"], name="unique_join_per_user_pledge")
        ]

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
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Update on pledge {self.pledge_id}"
