"""Parts of consultation pages rendered once, then kept under a key of what they show.

A thread of comments and a page of proposal cards are most of a cache miss's cost, and
nearly the same for everyone. Each item's HTML is kept under a key made of everything
it shows (its state, text, times, author's public name, counts, the language and time
zone, and what the reader may do with it), so a change to any of them is a new key:
nothing is ever stale and nothing needs dropping, whatever else is written meanwhile.
One round trip fetches a whole page's fragments. What depends on the request itself
(a CSRF token: the support buttons) stays in the page's template.
"""

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from consultations import permissions
from consultations.models import ModerationState

# Unused fragments leave the cache after a day; a fragment is never wrong, only unused.
SECONDS = 24 * 60 * 60


def attach_rendered(
    items: list,
    *,
    name: str,
    template: str,
    shown: Callable[[object], Iterable],
    context: Callable[[object], dict],
) -> None:
    """Set ``html`` on each of ``items``: ``template`` rendered with ``context(item)``,
    kept under ``shown(item)`` (everything the fragment shows)."""
    language, zone = get_language(), timezone.get_current_timezone_name()
    keys = {}
    for item in items:
        parts = "\x1f".join(str(part) for part in (*shown(item), language, zone))
        digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
        keys[f"{name}-html:{item.pk}:{digest}"] = item
    found = cache.get_many(list(keys)) if keys else {}
    rendered = {}
    for key, item in keys.items():
        html = found.get(key)
        if html is None:
            html = rendered[key] = render_to_string(template, context(item))
        item.html = mark_safe(html)  # noqa: S308 - our own autoescaping templates
    if rendered:
        cache.set_many(rendered, SECONDS)


def attach_comment_html(comments, reader, *, reader_moderates: bool, at=None) -> None:
    """Each comment and reply of a thread as ``reader`` sees it."""
    at = at or timezone.now()
    items = [item for comment in comments for item in (comment, *comment.visible_replies)]
    for item in items:
        item.reader_sees_hidden_text = item.moderation_state == ModerationState.HIDDEN and (
            reader_moderates or (reader.is_authenticated and item.author_id == reader.pk)
        )
        item.reader_can_edit = permissions.can_edit_comment(reader, item, at)
        item.reader_can_report = permissions.can_report(reader, item, at)
    attach_rendered(
        items,
        name="comment",
        template="consultations/includes/comment.html",
        shown=lambda comment: (
            comment.moderation_state,
            comment.moderation_reason,
            comment.created_at,
            comment.edited_at,
            comment.author.public_name,
            comment.body,
            comment.reader_sees_hidden_text,
            comment.reader_can_edit,
            comment.reader_can_report,
        ),
        context=lambda comment: {"comment": comment},
    )


def attach_card_html(proposals, *, show_consultation: bool) -> None:
    """Each proposal card's summary (all but its support button). ``is_own`` is set."""
    attach_rendered(
        proposals,
        name="proposal-card",
        template="consultations/includes/proposal_summary.html",
        shown=lambda proposal: (
            proposal.title,
            proposal.body,
            proposal.moderation_state,
            proposal.moderation_reason,
            proposal.status,
            proposal.withdrawn_at,
            proposal.created_at,
            proposal.comment_count,
            proposal.organisation.name if proposal.organisation_id else "",
            proposal.author.public_name,
            proposal.consultation.title if show_consultation else "",
            proposal.is_own,
        ),
        context=lambda proposal: {"proposal": proposal, "show_consultation": show_consultation},
    )
