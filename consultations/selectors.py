"""Read-side queries of the consultations app (pages, lists, summaries, open data).

Other apps (home, the open-data views) use these; every list goes through
``visible_to`` so there is one visibility rule.
"""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from consultations.models import (
    PUBLIC_STATES,
    Comment,
    ConsultationPage,
    ModerationState,
    Proposal,
    ProposalOutcome,
    Support,
)


def open_consultations_for_home(limit=4):
    return ConsultationPage.objects.live().public().open().prefetch_related("phases")[:limit]


def consultations_by_state(at=None):
    """Live consultations split into open, upcoming and closed (for the index page)."""
    at = at or timezone.now()
    base = ConsultationPage.objects.live().public().prefetch_related("phases").order_by("-pk")
    return {
        "open_consultations": list(base.open(at)),
        "upcoming_consultations": list(base.upcoming(at)),
        "closed_consultations": list(base.closed(at)[:50]),
    }


def top_proposals(consultation, user, limit=5):
    return list(
        Proposal.objects.visible_to(user)
        .listed()
        .filter(consultation=consultation)
        .select_related("organisation")
        .order_by("-support_count", "-id")[:limit]
    )


def response_page_context(page):
    consultation = ConsultationPage.objects.filter(pk=page.get_parent().pk).first()
    outcomes = (
        ProposalOutcome.objects.filter(page=page)
        .select_related("proposal", "goal", "ambition", "pledge")
        .order_by("sort_order", "pk")
    )
    responded = (
        Proposal.objects.visible_to(AnonymousUser())
        .filter(consultation=consultation)
        .exclude(status=Proposal.Status.OPEN)
        .select_related("organisation", "merged_into")
        .order_by("status", "-support_count", "-id")
        if consultation
        else Proposal.objects.none()
    )
    return {"consultation": consultation, "outcomes": outcomes, "responded_proposals": responded}


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
    return {"width": width, "height": height, "bars": bars, "peak": peak}


# Open data --------------------------------------------------------------------------

OPEN_DATA_FIELDS = [
    "consultation",
    "title",
    "organisation",
    "status",
    "moderation_state",
    "supports",
    "comments",
    "created",
    "withdrawn",
]


def proposals_open_data():
    """Rows for ``proposals.csv``: what the public sees, no personal data (no authors).
    Hidden proposals keep their counts and states but not their title."""
    queryset = (
        Proposal.objects.visible_to(AnonymousUser())
        .select_related("consultation", "organisation")
        .order_by("consultation_id", "pk")
    )
    for proposal in queryset.iterator(chunk_size=2000):
        yield {
            "consultation": proposal.consultation.title,
            "title": "" if proposal.moderation_state == ModerationState.HIDDEN else proposal.title,
            "organisation": proposal.organisation.name if proposal.organisation else "",
            "status": proposal.status,
            "moderation_state": proposal.moderation_state,
            "supports": proposal.support_count,
            "comments": proposal.comment_count,
            "created": proposal.created_at.date().isoformat(),
            "withdrawn": "yes" if proposal.withdrawn_at else "no",
        }


def comments_for(proposal, user):
    """A proposal's visible comments as top-level comments with ``visible_replies``
    (one query)."""
    comments = list(
        Comment.objects.visible_to(user)
        .filter(proposal=proposal)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    replies = {}
    for comment in comments:
        comment.proposal = proposal  # already loaded, with its consultation
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    top = [comment for comment in comments if comment.parent_id is None]
    for comment in top:
        comment.visible_replies = replies.get(comment.pk, [])
    return top


__all__ = [
    "OPEN_DATA_FIELDS",
    "comments_for",
    "consultations_by_state",
    "open_consultations_for_home",
    "participation_summary",
    "proposals_open_data",
    "response_page_context",
    "top_proposals",
]
