"""Every write of the consultations app.

Each service runs in one transaction, checks the permission predicates itself (callers
may not skip them), is idempotent where a person can double-click or open two tabs,
catches ``IntegrityError`` by class, and keeps the counters (``support_count``,
``comment_count``, ``report_count``) in the same transaction with ``F()`` updates.
Emails are enqueued with ``transaction.on_commit`` so a rolled-back change sends nothing.

A refused action raises :class:`ActionRefused` (a message to show the person); invalid
input raises ``django.core.exceptions.ValidationError``.

One module per concern: ``proposals``, ``supports``, ``comments``, ``moderation``
(reports and moderators' decisions), ``responses`` (convenors') and ``following``.
Every service is importable from ``consultations.services``.
"""

from consultations.services.comments import add_comment, edit_comment
from consultations.services.following import follow, unfollow, unsubscribe
from consultations.services.moderation import (
    AUTO_HIDE_REASON,
    MODERATION_ACTIONS,
    REASON_REQUIRED,
    moderate,
    report,
)
from consultations.services.proposals import edit_proposal, submit_proposal, withdraw_proposal
from consultations.services.responses import (
    publish_response_page,
    respond,
    response_page_published,
    set_status,
)
from consultations.services.supports import (
    add_support,
    support_at_once,
    withdraw_support,
    withdraw_support_at_once,
)
from core.exceptions import ActionRefused

__all__ = [
    "AUTO_HIDE_REASON",
    "MODERATION_ACTIONS",
    "REASON_REQUIRED",
    "ActionRefused",
    "add_comment",
    "add_support",
    "edit_comment",
    "edit_proposal",
    "follow",
    "moderate",
    "publish_response_page",
    "report",
    "respond",
    "response_page_published",
    "set_status",
    "submit_proposal",
    "support_at_once",
    "unfollow",
    "unsubscribe",
    "withdraw_proposal",
    "withdraw_support",
    "withdraw_support_at_once",
]
