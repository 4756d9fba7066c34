"""Denormalised counters of consultations, checked by ``manage.py check_counts`` (see
``core/counters.py``)."""

from django.db.models import Count, Q

from consultations.models import PUBLIC_STATES, Proposal

COUNTERS = [
    {
        "name": "proposal support_count",
        "model": Proposal,
        "field": "support_count",
        "expected": Count("supports", distinct=True),
    },
    {
        # Comments the public sees, as text or as a "hidden by a moderator" placeholder.
        "name": "proposal comment_count",
        "model": Proposal,
        "field": "comment_count",
        "expected": Count(
            "comments", filter=Q(comments__moderation_state__in=PUBLIC_STATES), distinct=True
        ),
    },
]
