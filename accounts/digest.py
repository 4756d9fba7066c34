"""The digest: everything that happened to what a person proposed, supported or follows,
from every app, in at most one email per person per period.

Any app adds to the outbox (:class:`~accounts.models.NotificationItem`): commitments
when one changes (``add``, many at once, in the service's transaction), consultations
when an idea gets a response, a phase opens or "you said, we did" is published
(``deliver``, one occasion per person, told once).

Each person's preference (``User.digest_frequency``) decides what is emailed: the day's
items in one email for "daily", the ISO week's for "weekly"; "never" is never emailed
(the "What's new for you" page still lists everything). "Immediately" gets an occasion's
own email as it happens (``deliver``); items added without one of their own (a
commitment's many small changes) go out at most once an hour.

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

from accounts.models import NotificationItem, User
from core.audit import record
from core.emails import absolute, send_once
from core.tokens import SignedLink

MAX_ITEMS_IN_EMAIL = 50

#: One-click unsubscribe from the digest. The salt is the one the first links were
#: signed with (in commitments), so every link sent still works.
UNSUBSCRIBE_LINK = SignedLink("commitments.digest.unsubscribe", "accounts:digest_unsubscribe")


# Adding to the outbox ----------------------------------------------------------------


def add(items: list[NotificationItem]) -> int:
    """Add ``items`` (unsaved, without a ``key``) to their people's outboxes, in the
    caller's transaction; how many."""
    NotificationItem.objects.bulk_create(items)
    return len(items)


def deliver(user, *, key: str, send_now, now=None, **item) -> bool:
    """Tell ``user`` of one occasion (``key``, told once however often this is called):
    an item in their outbox, and for a person who wants it "immediately" its own email
    now, ``send_now()`` (a ``core.emails.send_once`` call), which the item then counts
    as emailed. True when an email went out.

    The item and the email are one transaction: if sending fails, neither is kept and
    the next run tries again."""
    now = now or timezone.now()
    immediately = user.digest_frequency == User.DigestFrequency.IMMEDIATELY
    with transaction.atomic():
        _item, created = NotificationItem.objects.get_or_create(
            user=user,
            key=key[:80],
            defaults={**item, "created_at": now, "emailed_at": now if immediately else None},
        )
        if not created or not immediately:
            return False
        return bool(send_now())


# Sending -------------------------------------------------------------------------------


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
            .select_for_update(skip_locked=True)
            .order_by("created_at", "pk")
        )
        if not items:
            return False
        context = {
            "items": items[:MAX_ITEMS_IN_EMAIL],
            "more": max(0, len(items) - MAX_ITEMS_IN_EMAIL),
            "whats_new_url": absolute(reverse("accounts:whats_new")),
            "account_url": absolute(reverse("accounts:profile")),
        }
        for item in context["items"]:
            item.absolute_url = absolute(item.url)
        sent = send_once(
            user,
            key,
            _("What happened to what you took part in"),
            "accounts/email/digest.txt",
            context,
            unsubscribe=UNSUBSCRIBE_LINK.url(user),
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


def stop(user_id: int) -> bool:
    """One-click unsubscribe: no more digests for ``user_id`` (they can turn it back on
    on their account page). False when there was no such person."""
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().filter(pk=user_id).first()
        if user is None:
            return False
        if user.digest_frequency != "never":
            user.digest_frequency = "never"
            user.save(update_fields=["digest_frequency"])
            record(user, "digest.unsubscribed", user)
    return True


def items_for(user):
    """A person's items, newest first (everything a line shows is on the row)."""
    return NotificationItem.objects.filter(user=user).order_by("-created_at", "-pk")
