"""Background work for the partner sign-off: tell the partners' editors a change waits.

Run by the task backend (``manage.py db_worker`` in production, at once in development).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override
from django_tasks import task


def _site_url(path: str) -> str:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    base = site.root_url if site else getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    return base.rstrip("/") + path


@task()
def notify_sign_off_requested(task_state_id: int) -> int:
    """Email every active editor of each organisation that must sign off; returns how
    many were sent. Does nothing if the task has finished in the meantime."""
    from accounts.models import User
    from goals.models import PartnerSignOffTaskState
    from goals.models.workflows import goal_for_page
    from organisations.models import Membership

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
        "edit_url": _site_url(reverse("wagtailadmin_pages:edit", args=[page.pk])),
    }
    sent = 0
    for user in editors:
        if not user.email:
            continue
        with override(settings.LANGUAGE_CODE):
            body_context = {**context, "recipient": user}
            subject = render_to_string("goals/email/signoff_requested_subject.txt", body_context)
            body = render_to_string("goals/email/signoff_requested.txt", body_context)
        send_mail(" ".join(subject.split()), body, None, [user.email])
        sent += 1
    return sent
