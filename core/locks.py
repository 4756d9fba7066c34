"""One person's submissions, one at a time.

A double-click, a second tab or a browser's retry sends the same submission twice, often
within milliseconds. Every write that must not be doubled locks the person's own row
first: their requests then run one after the other, the second finds what the first
created, and nobody else is blocked.
"""

from django.contrib.auth import get_user_model


def lock_person(person):
    """Lock ``person``'s row until the caller's transaction ends."""
    get_user_model().objects.select_for_update().only("pk").get(pk=person.pk)


def create_unless_repeated(person, repeats, create):
    """``(repeat, False)`` if ``repeats`` (the same submission by ``person`` within the
    caller's window) finds one, else ``(create(), True)``. Call inside
    ``transaction.atomic()``: the person stays locked until it commits."""
    lock_person(person)
    repeat = repeats.first()
    if repeat is not None:
        return repeat, False
    return create(), True
