"""Who may take part at all: the one rule every app's predicates start from.

An app's own ``permissions.py`` answers "may this person do *this* here, now?"; each of
those begins with :func:`can_take_part`, so the rule that an unverified or deleted
account may read but not contribute is written once.
"""

from allauth.account.models import EmailAddress


def is_signed_in(user) -> bool:
    """Signed in to an active account."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def has_participant_account(user) -> bool:
    """Signed in, active and not anonymised: everything :func:`can_take_part` asks but the
    verified address (which a caller may check inside its own query instead)."""
    return is_signed_in(user) and getattr(user, "anonymised_at", None) is None


def has_verified_email(user) -> bool:
    """The person has verified an email address (kept on the user object for the request)."""
    if not is_signed_in(user):
        return False
    verified = getattr(user, "_has_verified_email", None)
    if verified is None:
        verified = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._has_verified_email = verified
    return verified


def can_take_part(user) -> bool:
    """May contribute anything (propose, support, comment, pledge, join, ask to join an
    organisation): signed in, active, not anonymised, with a verified email address."""
    return has_participant_account(user) and has_verified_email(user)
