"""The digest: everything that happened to the ideas a person proposed, supported or
follows, in at most one email per person per period.

Each person's period comes from their preference (``User.digest_frequency``): the day
for "daily", the ISO week for "weekly", the hour for "immediately"; "never" is never
emailed (the "What's new for you" page still lists everything).

Exactly once, even with two schedulers running at the same moment:

* a person's pending items are taken with ``SELECT … FOR UPDATE SKIP LOCKED``, so a
  second scheduler skips a person the first is busy with;
* the email itself is ``core.emails.send_once`` under the key ``digest:<period>``, so a
  second run in the same period sends nothing (the items wait for the next period);
* the items are marked ``emailed_at`` in the same transaction as the send.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import NotificationItem
from commitments.unsubscribe import unsubscribe_url
from core.emails import absolute, send_once

MAX_ITEMS_IN_EMAIL = 50


def period_key(frequency: str, now: datetime.datetime) -> str | None:
    """The send-once key of the period ``now`` falls in, for ``frequency``."""
    local = timezone.localtime(now)
    if frequency == "daily":
        return f"digest:day:{local.date().isoformat()}"
    if frequency == "weekly":
        year, week, _day = local.isocalendar()
        return f"digest:week:{year}-{week:02d}"
    if frequency == "immediately":
        return f"digest:hour:{local:%Y-%m-%dT%H}"
    return None


def people_waiting():
    """Ids of people with items not yet emailed who want emails."""
    return (
        NotificationItem.objects.filter(emailed_at__isnull=True)
        .exclude(user__digest_frequency="never")
        .filter(user__is_active=True, user__anonymised_at__isnull=True)
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )


def send_digest(user_id: int, now: datetime.datetime | None = None) -> bool:
    """Send ``user_id`` their digest for the current period, if they have pending items
    and none was sent this period; True when an email went out."""
    now = now or timezone.now()
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return False
    key = period_key(user.digest_frequency, now)
    if key is None:
        return False
    with transaction.atomic():
        items = list(
            NotificationItem.objects.filter(user_id=user_id, emailed_at__isnull=True)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("commitment", "proposal")
            .order_by("created_at", "pk")
        )
        if not items:
            return False
        context = {
            "items": items[:MAX_ITEMS_IN_EMAIL],
            "more": max(0, len(items) - MAX_ITEMS_IN_EMAIL),
            "whats_new_url": absolute(reverse("commitments:whats_new")),
            "account_url": absolute(reverse("accounts:profile")),
        }
        for item in context["items"]:
            item.url = absolute(item.commitment.get_absolute_url())
        sent = send_once(
            user,
            key,
            _("What happened to the ideas you took part in"),
            "commitments/email/digest.txt",
            context,
            unsubscribe=unsubscribe_url(user),
        )
        if sent:
            NotificationItem.objects.filter(pk__in=[item.pk for item in items]).update(
                emailed_at=now
            )
    return sent


def send_digests(now: datetime.datetime | None = None) -> int:
    """Send every waiting person their digest; how many emails went out."""
    now = now or timezone.now()
    return sum(send_digest(user_id, now) for user_id in list(people_waiting()))
