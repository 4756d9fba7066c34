"""One person's submissions, one at a time: the one double-submit guard.

A double-click, a second tab or a browser's retry sends the same submission twice, often
within milliseconds. Every write that must not be doubled goes through
:func:`create_unless_repeated`: it locks the person's own row first, so their requests
run one after the other, the second finds what the first created, and nobody else is
blocked. What counts as "the same submission" is the caller's (the same words to the
same place); how long it counts as a repeat is decided here, once.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

#: The same submission again within this time is the same click, not a new contribution.
REPEAT_WINDOW = timedelta(minutes=10)


def lock_person(person):
    """Lock ``person``'s row until the caller's transaction ends."""
    get_user_model().objects.select_for_update().only("pk").get(pk=person.pk)


def create_unless_repeated(person, same_submissions, create, *, at=None):
    """``(repeat, False)`` if ``same_submissions`` (a queryset of ``person``'s identical
    submissions, with a ``created_at``) holds one made within :data:`REPEAT_WINDOW`, else
    ``(create(), True)``. Call inside ``transaction.atomic()``: the person stays locked
    until it commits."""
    lock_person(person)
    since = (at or timezone.now()) - REPEAT_WINDOW
    repeat = same_submissions.filter(created_at__gte=since).order_by("-created_at").first()
    if repeat is not None:
        return repeat, False
    return create(), True
