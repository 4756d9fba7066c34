"""The ground's two models: the audit trail and the record of emails sent once.

Both moved here from the apps that first needed them (accounts, consultations); their
tables keep their names, so no row moved.
"""

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One recorded change. Never edited, never deleted by the application."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("item type"), max_length=100, blank=True)
    target_id = models.CharField(_("item id"), max_length=64, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        db_table = "accounts_auditevent"  # moved from accounts: the table keeps its name
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_by_target")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        return f"{self.action} {self.target_type}#{self.target_id} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def actor_label(self) -> str:
        if self.actor_id is None:
            return str(_("the system"))
        return self.actor.public_name

    @property
    def target(self):
        """The item acted on, if it still exists (looked up lazily, for one row)."""

        if not self.target_type or not self.target_id:
            return None
        try:
            model = apps.get_model(self.target_type)
            return model._default_manager.filter(pk=self.target_id).first()
        except (LookupError, ValueError):
            return None


class NotificationSent(models.Model):
    """One email of one kind to one person, recorded so a task run twice sends nothing new.

    ``key`` names the occasion, e.g. ``phase-open:12`` or ``response:34:adopted``.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=80)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "consultations_notificationsent"  # moved from consultations
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_notification_per_user")
        ]
        indexes = [models.Index(fields=["key"], name="notification_by_key")]
        verbose_name = _("email sent")
        verbose_name_plural = _("emails sent")

    def __str__(self):
        return f"{self.key} to {self.user_id}"
