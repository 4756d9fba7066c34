"""Denormalised counters and the rows they count, for ``manage.py check_counts``.

Any app can register its own counters without importing this app: put a ``counters.py``
module in the app with a ``COUNTERS`` list of dicts::

    COUNTERS = [
        {
            "name": "pledge join_count",
            "model": Pledge,                      # the model holding the counter
            "field": "join_count",                # the counter field
            "expected": Count("joins", distinct=True),  # an aggregate of the rows
        },
    ]

``check_counts`` imports every installed app's ``counters`` module (like admin
autodiscovery), reports each row whose counter differs from its rows, and repairs it.
"""

from importlib import import_module

from django.apps import apps
from django.db.models import F


def all_counters():
    """Every installed app's registered counters (this app's first)."""

    found = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.counters")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.counters":
                raise
            continue
        found.extend(getattr(module, "COUNTERS", []))
    return found


def mismatches(counter):
    """Rows whose counter differs from the rows it counts: ``(pk, stored, expected)``."""

    model, field = counter["model"], counter["field"]
    rows = (
        model._default_manager.annotate(_expected=counter["expected"])
        .exclude(**{field: F("_expected")})
        .values_list("pk", field, "_expected")
        .order_by("pk")
    )
    return list(rows)


def repair(counter, rows):
    model, field = counter["model"], counter["field"]
    for pk, _stored, expected in rows:
        model._default_manager.filter(pk=pk).update(**{field: expected})
