"""The audit trail: who changed what, when, and why — without copying personal data.

Any app records an event with one call, inside the same transaction as the change::

    from core.audit import record

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

from core.models import AuditEvent


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
