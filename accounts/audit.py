"""The audit trail: who changed what, when, and why — without copying personal data.

Any app records an event with one call, inside the same transaction as the change::

    from accounts.audit import record

    record(request.user, "membership.approved", membership, {"role": "admin"})

``actor`` is the person who acted (``None`` for the system, e.g. a scheduled task).
``action`` is a short dotted name, ``<area>.<verb>`` ("moderation.hide",
"pledge.status", "account.deleted"). ``target`` is the model instance acted on (or
``None``). ``detail`` is a small JSON-serialisable dict: states, reasons, ids — never
names, email addresses or free text a person wrote.

Events are stored by reference (the target's model label and primary key), not by a
copy of its text, so deleting an account leaves no name or address behind in the
trail: the actor is shown by the person's public name, which becomes "a former
participant" once the account is anonymised. Convenors read the trail in the Wagtail
admin (Reports → Audit trail).
"""

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
        app_label = "accounts"
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
        from django.apps import apps

        if not self.target_type or not self.target_id:
            return None
        try:
            model = apps.get_model(self.target_type)
            return model._default_manager.filter(pk=self.target_id).first()
        except (LookupError, ValueError):
            return None


def record(actor, action: str, target=None, detail: dict | None = None) -> AuditEvent:
    """Record one event in the audit trail and return it.

    Call it inside the transaction that makes the change, so the change and its record
    are saved together or not at all. Keep ``detail`` free of personal data.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None  # AnonymousUser: the system or an unauthenticated request
    target_type = target_id = ""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
    return AuditEvent.objects.create(
        actor=actor,
        action=action[:64],
        target_type=target_type,
        target_id=target_id,
        detail=dict(detail or {}),
    )
