"""Background work for the partner sign-off: tell the partners' editors a change waits.

Run by the task backend (``manage.py db_worker`` in production, at once in development).
"""

from django.urls import reverse
from django_tasks import task

from accounts.models import User
from core import emails
from goals.models import PartnerSignOffTaskState
from goals.models.workflows import goal_for_page
from organisations.models import Membership


@task()
def notify_sign_off_requested(task_state_id: int) -> int:
    """Email every active editor of each organisation that must sign off; returns how
    many were sent. Does nothing if the task has finished in the meantime."""
    state = (
        PartnerSignOffTaskState.objects.select_related(
            "workflow_state", "workflow_state__requested_by"
        )
        .filter(pk=task_state_id, status=PartnerSignOffTaskState.STATUS_IN_PROGRESS)
        .first()
    )
    if state is None:
        return 0
    page = state.workflow_state.content_object.specific
    goal = goal_for_page(page)
    organisations = list(state.organisations.order_by("name"))
    editors = User.objects.filter(
        memberships__organisation__in=organisations,
        memberships__status=Membership.Status.ACTIVE,
        memberships__is_editor=True,
        is_active=True,
        anonymised_at__isnull=True,
    ).distinct()
    context = {
        "page": page,
        "goal": goal,
        "organisations": organisations,
        "requested_by": state.workflow_state.requested_by,
        "edit_url": emails.absolute(reverse("wagtailadmin_pages:edit", args=[page.pk])),
    }
    sent = 0
    for user in editors:
        sent += emails.send(user, "goals/email/signoff_requested", context)
    return sent
