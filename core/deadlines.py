"""When something is late: the one boundary rule for every dated promise (pledges,
commitments).

A thing due on a day is on time all that day and late from the next; ``today`` is
always given (the caller's local date), so the boundary is testable and a list and its
counts judge every row against the same day. Which statuses can be late is each app's
own rule (a pledge waiting for others to join cannot be; a dropped commitment cannot
be), so it stays with them: only the date rule is shared.
"""

import datetime

from django.db.models import Q


def past_due(due_date: datetime.date | None, today: datetime.date) -> bool:
    """Due before ``today`` (no due date: never late)."""
    return due_date is not None and due_date < today


def past_due_q(today: datetime.date, field: str = "due_date") -> Q:
    """The same rule as a filter: ``field`` before ``today``."""
    return Q(**{f"{field}__lt": today})
