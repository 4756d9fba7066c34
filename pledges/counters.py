"""Denormalised counters of the goals app, checked and repaired by ``manage.py check_counts``
(see ``core/counters.py``)."""

from django.db.models import Count

from pledges.models import Pledge

COUNTERS = [
    {
        "name": "pledge join_count",
        "model": Pledge,
        "field": "join_count",
        "expected": Count("joins", distinct=True),
    },
]
