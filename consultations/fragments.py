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
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

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


def _thread_items(comments) -> list:
    return [item for comment in comments for item in (comment, *comment.visible_replies)]


def attach_comment_html(comments, reader, *, reader_moderates: bool, at=None) -> None:
    """Each comment and reply of a thread as ``reader`` sees it."""
    at = at or timezone.now()
    items = _thread_items(comments)
    for item in items:
        item.reader_sees_hidden_text = item.moderation_state == ModerationState.HIDDEN and (
            reader_moderates or (reader.is_authenticated and item.author_id == reader.pk)
        )
        item.reader_can_edit = permissions.can_edit_comment(reader, item, at)
        item.reader_can_report = permissions.can_report(reader, item, at)
        item.marked = False
    _attach_comments(items)


def _attach_comments(items) -> None:
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
            comment.marked,
        ),
        context=lambda comment: {"comment": comment},
    )


# A page of a thread ------------------------------------------------------------------
#
# For nearly every reader a page of comments is the same: what the public sees, with a
# "Report" link on each published comment when the reader may take part and a "Reply"
# link when they may comment. That page is rendered once and kept under everything it
# shows; what is the reader's own (an "Edit" link on their comments instead of
# "Report") is put into the kept HTML afterwards, between markers around each comment's
# actions. Readers who see more than the public (moderators; authors of comments the
# public does not see in full) get the thread rendered for them alone: what only they
# may see never enters the kept page.


def sees_more_than_public(reader, own, *, reader_moderates: bool) -> bool:
    """Whether ``reader`` sees anything of the thread the public does not: everything, as
    a moderator, or their own comments that are not published (pending, rejected: the
    public does not see them; hidden: the public sees only the moderator's note)."""
    return reader_moderates or any(c.moderation_state != ModerationState.PUBLISHED for c in own)


def shared_thread_html(proposal, page_obj, comments, *, take_part: bool, can_comment: bool):
    """The page of the thread as the public sees it, with the links every reader of this
    kind (may take part, may comment) has. ``comments`` must be the public's (read with
    ``visible_to`` an anonymous reader)."""
    items = _thread_items(comments)
    for item in items:
        item.reader_sees_hidden_text = False
        item.reader_can_edit = False
        item.reader_can_report = take_part and item.moderation_state == ModerationState.PUBLISHED
        item.marked = take_part
    shown = "\x1f".join(
        f"{item.pk}\x1e{item.parent_id}\x1e{item.moderation_state}\x1e{item.moderation_reason}"
        f"\x1e{item.created_at}\x1e{item.edited_at}\x1e{item.author.public_name}\x1e{item.body}"
        for item in items
    )
    parts = "\x1f".join(
        str(part)
        for part in (
            proposal.pk,
            page_obj.number,
            take_part,
            can_comment,
            get_language(),
            timezone.get_current_timezone_name(),
            shown,
        )
    )
    key = f"thread-html:{proposal.pk}:{hashlib.sha256(parts.encode()).hexdigest()[:32]}"
    html = cache.get(key)
    if html is None:
        _attach_comments(items)
        html = render_to_string(
            "consultations/includes/comment_thread.html",
            {"comments": comments, "can_comment": can_comment, "proposal": proposal},
        )
        cache.set(key, html, SECONDS)
    return html


def personalise_thread(html: str, reader, own, at=None):
    """The kept page with ``reader``'s own comments' actions: "Edit" while they may edit,
    never "Report" (nobody reports themselves)."""
    if not own:
        return mark_safe(html)  # noqa: S308 - our own autoescaping templates
    at = at or timezone.now()
    for comment in own:
        start_marker, end_marker = f"<!--a{comment.pk}-->", f"<!--/a{comment.pk}-->"
        start = html.find(start_marker)
        if start < 0:
            continue  # not on this page
        end = html.find(end_marker, start) + len(end_marker)
        mine = ""
        if permissions.can_edit_comment(reader, comment, at):
            mine = format_html(
                '<p class="cg-item-actions"><a href="{}">{}<span class="visually-hidden"> {}'
                "</span></a></p>",
                reverse("consultations:edit_comment", args=[comment.pk]),
                _("Edit"),
                _("your comment"),
            )
        html = html[:start] + mine + html[end:]
    return mark_safe(html)  # noqa: S308 - our own templates; the splice is format_html's


def reader_thread_html(proposal, comments, reader, *, reader_moderates, can_comment, at):
    """The page of the thread for a reader who sees more than the public: not kept whole
    (its comments are, each under what it shows to them)."""
    attach_comment_html(comments, reader, reader_moderates=reader_moderates, at=at)
    return mark_safe(  # noqa: S308 - our own autoescaping templates
        render_to_string(
            "consultations/includes/comment_thread.html",
            {"comments": comments, "can_comment": can_comment, "proposal": proposal},
        )
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


# Support buttons on a list -------------------------------------------------------------
#
# A page of cards has a support button each, different per reader (their support, the
# form they may use, the CSRF token) and per card (its id, title and count). Rendering
# the button's template 25 times was most of a signed-in list's cost. It is rendered
# once per state the page needs (at most a few) for a stand-in proposal, and each card's
# button is that HTML with the card's id, title and count put in.

_STAND_IN_PK = 918273645
_STAND_IN_TITLE = "\x00title\x00"
_COUNT_START = '<p class="cg-support__count"><strong>'
_COUNT_END = "</strong>"


class _StandIn:
    pk = _STAND_IN_PK
    title = _STAND_IN_TITLE
    support_count = 2

    def get_absolute_url(self):
        return reverse("consultations:proposal", kwargs={"pk": _STAND_IN_PK})


def attach_support_html(proposals, request) -> None:
    """Set ``support_html`` on each card (marked by ``selectors.proposal_cards``): the
    same HTML as ``support_button.html`` rendered for it."""
    by_state = {}
    for proposal in proposals:
        state = (
            proposal.is_supported,
            proposal.user_can_support,
            proposal.user_can_unsupport,
            proposal.support_open,
        )
        template = by_state.get(state)
        if template is None:
            template = by_state[state] = render_to_string(
                "consultations/includes/support_button.html",
                {
                    "proposal": _StandIn(),
                    "is_supported": state[0],
                    "can_support": state[1],
                    "can_unsupport": state[2],
                    "support_open": state[3],
                    "supports_left": None,
                },
                request=request,
            )
        start = template.index(_COUNT_START) + len(_COUNT_START)
        end = template.index(_COUNT_END, start)
        count = ngettext("%(counter)s support", "%(counter)s supports", proposal.support_count) % {
            "counter": proposal.support_count
        }
        html = template[:start] + conditional_escape(count) + template[end:]
        html = html.replace(str(_STAND_IN_PK), str(proposal.pk))
        proposal.support_html = mark_safe(  # noqa: S308 - the title is escaped here
            html.replace(_STAND_IN_TITLE, conditional_escape(proposal.title))
        )
