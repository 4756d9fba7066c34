"""Each comment of a thread rendered once, then kept.

A long thread is most of a proposal page's cost and nearly the same for everyone who
reads it. A comment's HTML is kept under a key made of everything it shows: the
comment's state, text, moderation reason, times, its author's public name, the language
and time zone, and what the reader may do with it (see its text while hidden, edit it,
report it). A change to any of them is a new key, so nothing is ever stale and nothing
needs dropping; one round trip fetches a whole thread.
"""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import permissions
from .models import ModerationState

TEMPLATE = "consultations/includes/comment.html"
# Unused fragments leave the cache after a day; a fragment is never wrong, only unused.
SECONDS = 24 * 60 * 60


def _key(comment) -> str:
    shown = "\x1f".join(
        str(part)
        for part in (
            comment.moderation_state,
            comment.moderation_reason,
            comment.created_at,
            comment.edited_at,
            comment.author.public_name,
            comment.body,
            comment.reader_sees_hidden_text,
            comment.reader_can_edit,
            comment.reader_can_report,
            get_language(),
            timezone.get_current_timezone_name(),
        )
    )
    return f"comment-html:{comment.pk}:{hashlib.sha256(shown.encode()).hexdigest()[:32]}"


def attach_html(comments, reader, *, reader_moderates: bool, at=None) -> None:
    """Set ``html`` on each comment and each of its ``visible_replies``, as ``reader``
    sees it."""
    at = at or timezone.now()
    items = [item for comment in comments for item in (comment, *comment.visible_replies)]
    for item in items:
        item.reader_sees_hidden_text = item.moderation_state == ModerationState.HIDDEN and (
            reader_moderates or (reader.is_authenticated and item.author_id == reader.pk)
        )
        item.reader_can_edit = permissions.can_edit_comment(reader, item, at)
        item.reader_can_report = permissions.can_report(reader, item, at)
    keys = {_key(item): item for item in items}
    found = cache.get_many(list(keys)) if keys else {}
    rendered = {}
    for key, item in keys.items():
        html = found.get(key)
        if html is None:
            html = rendered[key] = render_to_string(TEMPLATE, {"comment": item})
        item.html = mark_safe(html)  # noqa: S308 - our own autoescaping template
    if rendered:
        cache.set_many(rendered, SECONDS)
