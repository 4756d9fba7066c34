"""Following a consultation, and the one-click unsubscribe of its emails."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Follow
from consultations import permissions
from consultations.unsubscribe import UNSUBSCRIBE_FOLLOW, UNSUBSCRIBE_RESPONSES
from core.exceptions import ActionRefused


def follow(user, consultation):
    """Follow a consultation (emails when a phase opens and when the response is out).
    Returns ``(follow, created)``; a second click returns the existing follow."""
    if not permissions.can_follow(user, consultation):
        raise ActionRefused(_("Sign in to follow this consultation."))
    try:
        with transaction.atomic():
            return Follow.objects.get_or_create(user=user, page_id=consultation.pk)
    except IntegrityError:
        return Follow.objects.get(user=user, page_id=consultation.pk), False


def unfollow(user, consultation):
    deleted, _detail = Follow.objects.filter(user=user, page_id=consultation.pk).delete()
    return bool(deleted)


def unsubscribe(token_data):
    """Apply a verified one-click unsubscribe token (see ``consultations.unsubscribe``)."""
    user = get_user_model().objects.filter(pk=token_data.get("u")).first()
    if user is None:
        return False
    if token_data["k"] == UNSUBSCRIBE_FOLLOW:
        Follow.objects.filter(user=user, page_id=token_data.get("p")).delete()
        return True
    if token_data["k"] == UNSUBSCRIBE_RESPONSES:
        get_user_model().objects.filter(pk=user.pk).update(email_on_response=False)
        return True
    return False
