"""Moderation: what people report, and the record of what moderators did."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models.proposals import Comment, Proposal


class Report(models.Model):
    class Reason(models.TextChoices):
        ABUSIVE = "abusive", _("Abusive, hateful or threatening")
        PERSONAL = "personal", _("Shares someone's personal information")
        SPAM = "spam", _("Spam or advertising")
        OFF_TOPIC = "off_topic", _("Off topic")
        UNLAWFUL = "unlawful", _("Possibly unlawful")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports"
    )
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    note = models.TextField(_("anything else a moderator should know"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal__isnull=False, comment__isnull=True)
                | models.Q(proposal__isnull=True, comment__isnull=False),
                name="report_targets_one_item",
            ),
            models.UniqueConstraint(
                fields=["user", "proposal"],
                condition=models.Q(proposal__isnull=False),
                name="unique_report_per_user_proposal",
            ),
            models.UniqueConstraint(
                fields=["user", "comment"],
                condition=models.Q(comment__isnull=False),
                name="unique_report_per_user_comment",
            ),
        ]

    def __str__(self):
        return f"Report {self.pk}: {self.get_reason_display()}"


class ModerationEvent(models.Model):
    """Who did what to which item, when and why. Never edited, never deleted."""

    class ActionTaken(models.TextChoices):
        APPROVE = "approve", _("Approved")
        HIDE = "hide", _("Hidden")
        AUTO_HIDE = "auto_hide", _("Hidden automatically after reports")
        RESTORE = "restore", _("Restored")
        REJECT = "reject", _("Rejected")
        STATUS = "status", _("Official status changed")

    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="moderation_events"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="moderation_events"
    )
    action = models.CharField(max_length=10, choices=ActionTaken.choices)
    reason = models.CharField(max_length=12, choices=Report.Reason.choices, blank=True)
    note = models.TextField(blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"
