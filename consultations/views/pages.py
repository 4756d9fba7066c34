"""Context for the consultation page (a Wagtail page; its ``get_context`` calls this)."""

from django.db.models import prefetch_related_objects
from django.utils import timezone

from accounts.models import Follow
from consultations import permissions, selectors, services
from consultations.models import Action, ConsultationResponsePage


def consultation_page_context(request, page):
    at = timezone.now()
    prefetch_related_objects([page], "phases")
    user = request.user
    open_actions = page.open_actions(at)
    response_page = ConsultationResponsePage.objects.child_of(page).live().first()
    return {
        "now": at,
        "timeline": page.timeline(at),
        "open_actions": open_actions,
        "next_phase": page.next_phase(at),
        "consultation_state": page.state(at),
        "can_propose": permissions.can_propose(user, page, at),
        "can_take_part": permissions.can_take_part(user),
        "proposing_open": Action.PROPOSE in open_actions,
        "supporting_open": Action.SUPPORT in open_actions,
        "supports_left": (
            services.supports_left(user, page) if Action.SUPPORT in open_actions else None
        ),
        "served_goals": [goal for goal in page.goals.all() if goal.live],
        "top_proposals": selectors.top_proposals(page, user),
        "summary": selectors.participation_summary(page),
        "is_following": (
            user.is_authenticated and Follow.objects.filter(user=user, page_id=page.pk).exists()
        ),
        "response_page": response_page,
    }
