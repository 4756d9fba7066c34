"""Background work for memberships: tell an organisation's admins someone asked to join,
and tell the person what the admins decided.

Run by the task backend (``manage.py db_worker`` in production, at once in development).
"""

from django.urls import reverse
from django_tasks import task

from accounts.models import User
from core import emails
from organisations.models import Membership, Organisation
from organisations.selectors import verified_email_domains


@task()
def email_membership_request(membership_id: int) -> int:
    """Email each active admin of the organisation about a request to join; returns how
    many were sent. Nothing if the request was withdrawn or decided meanwhile."""
    membership = (
        Membership.objects.select_related("user", "organisation")
        .filter(pk=membership_id, status=Membership.Status.REQUESTED)
        .first()
    )
    if membership is None:
        return 0
    organisation = membership.organisation
    admins = User.objects.filter(
        memberships__organisation=organisation,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role=Membership.Role.ADMIN,
    ).exclude(pk=membership.user_id)
    context = {
        "organisation": organisation,
        "requester": membership.user,
        "domain": verified_email_domains([membership.user_id]).get(membership.user_id, ""),
        "message": membership.message,
        "members_url": emails.absolute(reverse("organisations:members", args=[organisation.slug])),
    }
    return sum(
        emails.send(admin, "organisations/email/membership_request", context) for admin in admins
    )


@task()
def email_membership_decision(user_id: int, organisation_id: int, decision: str) -> bool:
    """Tell the person their request was approved or declined."""
    user = User.objects.filter(pk=user_id).first()
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if user is None or organisation is None:
        return False
    return emails.send(
        user,
        "organisations/email/membership_decision",
        {
            "organisation": organisation,
            "approved": decision == "approved",
            "organisation_url": emails.absolute(organisation.get_absolute_url()),
            "mine_url": emails.absolute(reverse("organisations:mine")),
        },
    )
