"""Background work, one way: a service queues a task when its transaction commits.

Queued on commit, never before: a task that ran for a write that was then rolled back
would email about something that did not happen, and one that ran before the commit
could not see the rows it is about.

Robust (``robust=True``): a task that fails to queue or, with the immediate backend,
fails to run (an email server down) is logged, never raised. The write has committed by
then; an error page would tell the person it had not.
"""

from django.db import transaction


def enqueue_on_commit(task, *args) -> None:
    """Enqueue ``task`` with ``args`` once the current transaction commits (nothing on a
    rollback; at once outside a transaction)."""
    transaction.on_commit(lambda: task.enqueue(*args), robust=True)
