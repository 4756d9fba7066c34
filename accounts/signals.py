"""The audit trail's record of changes to a person's second factor.

allauth sends ``authenticator_added``, ``authenticator_removed`` and
``authenticator_reset``; each becomes an audit event, so removing or replacing a second
factor (the step an attacker with a password would need) always leaves a trace. The
owner is emailed by allauth itself (``ACCOUNT_EMAIL_NOTIFICATIONS``).
"""

from core.audit import record


def _recorder(action):
    def receiver(sender, request=None, user=None, authenticator=None, **kwargs):
        actor = getattr(request, "user", None) or user
        record(actor, action, target=user, detail={"type": getattr(authenticator, "type", "")})

    receiver.__name__ = f"record_{action.replace('.', '_')}"
    return receiver


record_added = _recorder("mfa.authenticator_added")
record_removed = _recorder("mfa.authenticator_removed")
record_reset = _recorder("mfa.authenticator_reset")


def connect():
    from allauth.mfa import signals

    signals.authenticator_added.connect(record_added, dispatch_uid="audit_mfa_added")
    signals.authenticator_removed.connect(record_removed, dispatch_uid="audit_mfa_removed")
    signals.authenticator_reset.connect(record_reset, dispatch_uid="audit_mfa_reset")
