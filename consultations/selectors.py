"""Read-side queries of the consultations app: what its pages and views show, and what
other apps (home, the open-data views) show of it.

The pages' ``get_context`` calls these, handing in the page's own kin (the consultations
of the index, a consultation's response page, a response page's outcomes) so this module
imports no page model and the page models may import it. Every list of what people
wrote goes through ``visible_to``, so there is one visibility rule.
"""

import hashlib
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count, Exists, Min, OuterRef, Q, prefetch_related_objects
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import Follow
from accounts.roles import is_moderator
from consultations import permissions
from consultations.models.choices import PUBLIC_STATES, Action, ModerationState
from consultations.models.moderation import Report
from consultations.models.proposals import Comment, Proposal, Support
from core.contributions import Contributions
from core.pagination import KeptCountPaginator, paginate
from core.permissions import can_take_part

#: What apps above add to a proposal's page (its trail): ``provider(proposal) -> value``.
proposal_page_sections = Contributions("proposal page")

# Pages -------------------------------------------------------------------------------


def consultations_by_state(consultations, at=None):
    """``consultations`` (the index's: live and public) split into open, upcoming and
    closed."""
    at = at or timezone.now()
    base = consultations.prefetch_related("phases").order_by("-pk")
    return {
        "open_consultations": list(base.open(at)),
        "upcoming_consultations": list(base.upcoming(at)),
        "closed_consultations": list(base.closed(at)[:50]),
    }


def consultation_page_context(page, *, response_pages, at=None):
    """A consultation's page, the same for everyone: the timeline, the top ideas, the
    participation summary and ``response_pages`` (the page's response, if one is live).
    What a person may do there is a hole (:func:`consultation_actions_context`)."""
    at = at or timezone.now()
    prefetch_related_objects([page], "phases")
    open_actions = page.open_actions(at)
    return {
        "now": at,
        "timeline": page.timeline(at),
        "open_actions": open_actions,
        "next_phase": page.next_phase(at),
        "consultation_state": page.state(at),
        "proposing_open": Action.PROPOSE in open_actions,
        "supporting_open": Action.SUPPORT in open_actions,
        "served_goals": [goal for goal in page.goals.all() if goal.live],
        "top_proposals": top_proposals(page),
        "summary": participation_summary(page),
        "response_page": response_pages.live().first(),
    }


def consultation_actions_context(page, user, at=None):
    """What ``user`` may do on a consultation's page: propose (or sign in, or verify
    their address, to), and follow or stop following."""
    at = at or timezone.now()
    return {
        "page": page,
        "user": user,
        "can_propose": permissions.can_propose(user, page, at),
        "can_take_part": can_take_part(user),
        "proposing_open": Action.PROPOSE in page.open_actions(at),
        "is_following": (
            user.is_authenticated and Follow.objects.filter(user=user, page_id=page.pk).exists()
        ),
    }


def supports_left_on_page(page, user, at=None):
    """``user``'s supports left while supporting is open here; ``None`` for a visitor
    (who is not told "You have 5") or when there is no limit or no support phase."""
    at = at or timezone.now()
    if not user.is_authenticated or Action.SUPPORT not in page.open_actions(at):
        return None
    return supports_left(user, page)


def response_page_context(consultation, outcomes):
    """A response page: its ``consultation`` (``None`` if the page has lost it), its
    ``outcomes`` and the proposals that have an official status."""
    responded = (
        Proposal.objects.visible_to(AnonymousUser())
        .filter(consultation=consultation)
        .exclude(status=Proposal.Status.OPEN)
        .select_related("organisation", "merged_into")
        .order_by("status", "-support_count", "-id")
        if consultation
        else Proposal.objects.none()
    )
    return {
        "consultation": consultation,
        "outcomes": outcomes.select_related("proposal", "goal", "ambition", "pledge").order_by(
            "sort_order", "pk"
        ),
        "responded_proposals": responded,
        # The numbers the page states come from the data (the consultation page's own
        # summary), never from the summary's typed text.
        "summary": participation_summary(consultation) if consultation else None,
        "responded_count": responded.count() if consultation else 0,
    }


def top_proposals(consultation, limit=5):
    """The most supported public ideas: the same for everyone (an author's idea waiting
    for a moderator has no supports to rank by)."""
    return list(
        Proposal.objects.visible_to(AnonymousUser())
        .listed()
        .filter(consultation=consultation)
        .select_related("organisation")
        .order_by("-support_count", "-id")[:limit]
    )


def supports_left(user, consultation):
    """How many more proposals ``user`` may support here (``None`` means unlimited)."""
    if not consultation.supports_per_person:
        return None
    if not (user and user.is_authenticated):
        return consultation.supports_per_person
    used = Support.objects.filter(user=user, proposal__consultation=consultation).count()
    return max(0, consultation.supports_per_person - used)


# Lists of proposals -------------------------------------------------------------------


def proposals_for_list(user, consultation=None):
    """What a list of proposals pages through, before its filters and sort: the ideas
    still in play that ``user`` may see, in ``consultation`` or in all of them.
    Withdrawn ones stay reachable by their link, in open data and on their author's
    view, but do not fill the list."""
    proposals = (
        Proposal.objects.visible_to(user)
        .filter(withdrawn_at__isnull=True)
        .select_related("author", "organisation")
    )
    if consultation is not None:
        return proposals.filter(consultation=consultation)
    return proposals.select_related("consultation").prefetch_related("consultation__phases")


def sees_more_in_list(user, consultation_id=None) -> bool:
    """Whether ``user`` sees more in a list of proposals than the public: a moderator
    sees every idea, an author their own ideas still waiting, rejected or hidden."""
    if is_moderator(user):
        return True
    own = Proposal.objects.filter(author=user, withdrawn_at__isnull=True).exclude(
        moderation_state=ModerationState.PUBLISHED
    )
    if consultation_id is not None:
        own = own.filter(consultation_id=consultation_id)
    return own.exists()


def sees_more_on_proposal(user, proposal, own) -> bool:
    """Whether ``user`` sees more of an idea's page than the public: a moderator, the
    author of the idea while it is not published, or of comments on it that are not
    (``own``: their comments on it, :func:`own_comments`). No query of its own."""
    if is_moderator(user):
        return True
    if proposal.author_id == user.pk and proposal.moderation_state != ModerationState.PUBLISHED:
        return True
    return any(comment.moderation_state != ModerationState.PUBLISHED for comment in own)


def proposal_count_key(consultation_id, filters: dict, user) -> str:
    """The cache key of a list's total: everything that decides which proposals are in
    it (the consultation, the filters applied, and what the reader may see)."""
    if permissions.can_moderate(user):
        visibility = "mod"
    else:
        visibility = f"u{user.pk}" if user.is_authenticated else "anon"
    key_source = f"{consultation_id}|{sorted(filters.items())}|{visibility}"
    return (
        "consultations:count:" + hashlib.md5(key_source.encode(), usedforsecurity=False).hexdigest()
    )


def list_items(proposals, user, consultation=None) -> list:
    """A page of proposals for a list: each marked with whether it is ``user``'s (whose
    own hidden idea shows its text to them). ``consultation`` is the list's own, when it
    has one (it already has its phases)."""
    items = list(proposals)
    for proposal in items:
        if consultation is not None:
            proposal.consultation = consultation
        proposal.is_own = user.is_authenticated and proposal.author_id == user.pk
    return items


def proposal_cards(proposals, user, consultation=None, at=None) -> list:
    """Proposals as ``user``'s support boxes see them (:func:`list_items`, and whether
    they support each and what its support button may offer: one query for their
    supports)."""
    at = at or timezone.now()
    items = list_items(proposals, user, consultation)
    supported = set()
    if user.is_authenticated and items:
        supported = set(
            Support.objects.filter(user=user, proposal__in=[p.pk for p in items]).values_list(
                "proposal_id", flat=True
            )
        )
    for proposal in items:
        proposal.support_open = proposal.consultation.is_open_for(Action.SUPPORT, at)
        proposal.is_supported = proposal.pk in supported
        proposal.user_can_support = permissions.can_support(user, proposal, at)
        proposal.user_can_unsupport = proposal.is_supported and permissions.can_unsupport(
            user, proposal, at
        )
    return items


# Participation summary --------------------------------------------------------------

SUMMARY_CACHE_SECONDS = 300


def participation_summary(consultation):
    """People taking part, proposals, supports and comments, and a daily series of them,
    counted from public items only (no personal data). Cached for five minutes."""
    key = f"consultations:summary:{consultation.pk}"
    summary = cache.get(key)
    if summary is None:
        summary = _participation_summary(consultation)
        cache.set(key, summary, SUMMARY_CACHE_SECONDS)
    return summary


def _daily(queryset):
    return dict(
        queryset.annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )


def _participation_summary(consultation):
    proposals = Proposal.objects.filter(
        consultation=consultation,
        moderation_state__in=PUBLIC_STATES,
        withdrawn_at__isnull=True,
    )
    supports = Support.objects.filter(proposal__consultation=consultation)
    comments = Comment.objects.filter(
        proposal__consultation=consultation, moderation_state__in=PUBLIC_STATES
    )
    people = (
        set(proposals.values_list("author_id", flat=True))
        | set(supports.values_list("user_id", flat=True))
        | set(comments.values_list("author_id", flat=True))
    )
    by_day = {
        "proposals": _daily(proposals),
        "supports": _daily(supports),
        "comments": _daily(comments),
    }
    days = sorted({day for series in by_day.values() for day in series})
    rows = []
    if days:
        day, last = days[0], days[-1]
        # At most 60 days in the chart: a long consultation is shown by week.
        step = timedelta(days=1 if (last - day).days < 60 else 7)
        while day <= last:
            end = day + step
            rows.append(
                {
                    "day": day,
                    **{
                        name: sum(n for d, n in series.items() if day <= d < end)
                        for name, series in by_day.items()
                    },
                }
            )
            day = end
    return {
        "people": len(people),
        "proposals": proposals.count(),
        "supports": supports.count(),
        "comments": comments.count(),
        "rows": rows,
        "chart": _chart(rows),
    }


def _chart(rows, width=600, height=160):
    """Bar positions for a small inline SVG: activity (proposals + supports + comments) per
    period. The table next to it carries the same numbers for screen readers."""
    if not rows:
        return None
    totals = [row["proposals"] + row["supports"] + row["comments"] for row in rows]
    peak = max(totals) or 1
    bar = width / len(rows)
    bars = []
    for index, (row, total) in enumerate(zip(rows, totals, strict=True)):
        bar_height = round(total / peak * (height - 20), 1)
        bars.append(
            {
                "x": round(index * bar + 1, 1),
                "y": round(height - bar_height, 1),
                "width": max(1, round(bar - 2, 1)),
                "height": bar_height,
                "total": total,
                "day": row["day"],
            }
        )
    # Axes in HTML around the drawing (templates/consultations/includes/participation.html):
    # values at 0, half the peak and the peak, and the first, middle and last period's date,
    # placed in % of the drawing so that the text is page text (rem), never scaled down;
    # whole percentages, placed by classes (``at-left-N``, ``at-top-N``): the
    # Content-Security-Policy refuses style attributes.
    values = sorted({0, peak // 2, peak}) if peak >= 2 else [0, peak]
    y_labels = [
        {"top": round(100 - value / peak * (height - 20) / height * 100), "value": value}
        for value in values
    ]
    picks = sorted({0, len(rows) // 2, len(rows) - 1})
    x_labels = []
    for index in picks:
        align = "start" if index == 0 else "end" if index == len(rows) - 1 else "middle"
        if len(picks) == 1:
            align = "start"
        centre = (index + 0.5) * bar
        x_labels.append(
            {"left": round(centre / width * 100), "day": rows[index]["day"], "align": align}
        )
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "peak": peak,
        "y_labels": y_labels,
        "x_labels": x_labels,
        "period_days": 1 if len(rows) < 2 else (rows[1]["day"] - rows[0]["day"]).days,
    }


COMMENTS_PER_PAGE = 50


THREAD_FIELDS = (
    *(field.name for field in Comment._meta.concrete_fields),
    "author__id",
    "author__display_name",
    "author__anonymised_at",
)


def comment_page(proposal, reader, params):
    """A page of a proposal's thread as ``reader`` may see it: ``COMMENTS_PER_PAGE``
    top-level comments (oldest first), each with its ``visible_replies``. Returns
    ``(page_obj, comments)``: two queries (the page, its replies), and a count that is
    kept for the public's thread under the proposal's ``comment_count`` (the comments the
    public sees), so it changes when the thread does."""
    # Of the authors, only what a thread shows (their public name): a page of comments
    # and replies is a few hundred rows, and the rest of a person's row is most of it.
    visible = (
        Comment.objects.visible_to(reader)
        .filter(proposal=proposal)
        .select_related("author")
        .only(*THREAD_FIELDS)
    )
    top = visible.filter(parent__isnull=True).order_by("created_at", "pk")
    if reader.is_authenticated:
        page_obj = paginate(top, params, COMMENTS_PER_PAGE)
    else:
        page_obj = paginate(
            top,
            params,
            COMMENTS_PER_PAGE,
            paginator_class=KeptCountPaginator,
            count_key=f"thread-count:{proposal.pk}:{proposal.comment_count}",
        )
    comments = list(page_obj.object_list)
    replies = {}
    if comments:
        for reply in visible.filter(parent__in=[comment.pk for comment in comments]).order_by(
            "created_at", "pk"
        ):
            reply.proposal = proposal
            replies.setdefault(reply.parent_id, []).append(reply)
    for comment in comments:
        comment.proposal = proposal  # already loaded, with its consultation
        comment.visible_replies = replies.get(comment.pk, [])
    return page_obj, comments


def comment_page_number(comment, reader) -> int:
    """Which page of its proposal's thread shows ``comment`` (a reply shows under its
    parent) to ``reader``."""
    top = comment.parent or comment
    earlier = (
        Comment.objects.visible_to(reader)
        .filter(proposal_id=top.proposal_id, parent__isnull=True)
        .filter(Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, pk__lt=top.pk))
        .count()
    )
    return earlier // COMMENTS_PER_PAGE + 1


def own_comments(proposal, user) -> list:
    """``user``'s comments on ``proposal`` (any state): what the reader may do with them
    and whether they see more of the thread than the public does. One query."""
    if not user.is_authenticated:
        return []
    return list(
        Comment.objects.filter(proposal=proposal, author=user).only(
            "pk", "moderation_state", "created_at", "author_id", "proposal_id", "parent_id"
        )
    )


# Moderation ---------------------------------------------------------------------------


def _open_reports(field):
    return Report.objects.filter(resolved_at__isnull=True, **{field: OuterRef("pk")})


def _queued(model, field):
    return model.objects.filter(
        Exists(_open_reports(field)) | Q(moderation_state=ModerationState.PENDING)
    )


def moderation_queue_count() -> int:
    """How many items wait in the moderation queue: two ``COUNT`` queries, for the
    dashboard, which must not load every queued item to count them."""
    return _queued(Proposal, "proposal").count() + _queued(Comment, "comment").count()


def moderation_queue():
    """Reported (unresolved) and pending items, oldest first, as ``(kind, item, since)``:
    ``since`` is the first open report, or when a pending item was made."""
    open_reports = _open_reports

    first_report = Min("reports__created_at", filter=Q(reports__resolved_at__isnull=True))

    proposals = (
        Proposal.objects.filter(
            Exists(open_reports("proposal")) | Q(moderation_state=ModerationState.PENDING)
        )
        .annotate(first_report=first_report)
        .select_related("consultation", "author", "organisation")
    )
    comments = (
        Comment.objects.filter(
            Exists(open_reports("comment")) | Q(moderation_state=ModerationState.PENDING)
        )
        .annotate(first_report=first_report)
        .select_related("proposal__consultation", "author")
    )
    rows = [("proposal", p, p.first_report or p.created_at) for p in proposals]
    rows += [("comment", c, c.first_report or c.created_at) for c in comments]
    rows.sort(key=lambda row: row[2])
    return rows


__all__ = [
    "comment_page",
    "comment_page_number",
    "consultation_page_context",
    "consultations_by_state",
    "moderation_queue",
    "moderation_queue_count",
    "own_comments",
    "participation_summary",
    "proposal_cards",
    "proposal_count_key",
    "proposals_for_list",
    "response_page_context",
    "supports_left",
    "top_proposals",
]
