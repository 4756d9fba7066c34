"""Telling people what happened to their idea: the author, supporters and followers get
one digest a period however many changes there were, none when set to never, exactly
once with two schedulers at once; one-click unsubscribe; "What's new for you"; owners'
reminders once each."""

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Follow
from commitments import digest, scheduler, services
from commitments.models import NotificationItem
from commitments.unsubscribe import LINK
from tests.factories import SupportFactory, VerifiedUserFactory
from tests.factories.commitments import make_commitment

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate() + datetime.timedelta(days=365)


@pytest.fixture
def people(adopted_proposal):
    supporter = VerifiedUserFactory(display_name="Sam Supporter")
    SupportFactory(proposal=adopted_proposal, user=supporter)
    follower = VerifiedUserFactory(display_name="Fay Follower")
    Follow.objects.create(user=follower, page=adopted_proposal.consultation)
    return {"author": adopted_proposal.author, "supporter": supporter, "follower": follower}


@pytest.fixture
def commitment(goal, organisation, org_admin, adopted_proposal, people):
    made = services.make_commitment(
        org_admin,
        goal=goal,
        lead_organisation=organisation,
        title="We will build the lanes",
        due_date=NEXT_YEAR,
        proposals=[adopted_proposal],
    )
    services.post_update(org_admin, made.pk, text="Survey done.", status="in_progress")
    services.post_update(org_admin, made.pk, text="Diggers on site.")
    return made


def test_each_person_gets_one_digest_a_day_however_many_changes(commitment, people, org_admin):
    assert NotificationItem.objects.filter(user=people["author"]).count() == 3
    assert not NotificationItem.objects.filter(user=org_admin).exists()  # not told of own
    mail.outbox.clear()
    assert digest.send_digests() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people.values())
    author_mail = next(m for m in mail.outbox if m.to == [people["author"].email])
    assert "We will build the lanes" in author_mail.body
    assert "List-Unsubscribe" in author_mail.extra_headers
    # More changes the same day wait for tomorrow's digest.
    services.post_update(org_admin, commitment.pk, text="Half built.")
    assert digest.send_digests() == 0
    assert len(mail.outbox) == 3
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert digest.send_digests() == 3
    assert len(mail.outbox) == 6


def test_never_means_no_email_but_the_page_lists_it(client, commitment, people):
    author = people["author"]
    author.digest_frequency = "never"
    author.save()
    mail.outbox.clear()
    digest.send_digests()
    assert author.email not in [m.to[0] for m in mail.outbox]
    client.force_login(author)
    body = client.get(reverse("commitments:whats_new")).content.decode()
    assert "We will build the lanes" in body and "you proposed the idea" in body


def test_weekly_waits_for_the_next_week(commitment, people):
    supporter = people["supporter"]
    supporter.digest_frequency = "weekly"
    supporter.save()
    now = timezone.now()
    assert digest.send_digest(supporter.pk, now)
    assert not digest.send_digest(supporter.pk, now + datetime.timedelta(hours=1))


def test_one_click_unsubscribe(client, people, commitment):
    author = people["author"]
    url = reverse("commitments:unsubscribe", args=[LINK.token(author)])
    assert client.get(url).status_code == 200
    author.refresh_from_db()
    assert author.digest_frequency == "daily"  # a GET (a link scanner) changes nothing
    assert client.post(url).status_code == 200
    author.refresh_from_db()
    assert author.digest_frequency == "never"
    assert client.post(reverse("commitments:unsubscribe", args=["forged"])).status_code == 400


def test_the_account_page_sets_the_frequency(client, resident):
    client.force_login(resident)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "In a weekly digest" in page


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_send_one_digest(
    home_page, goal, organisation, org_admin, adopted_proposal
):
    author = adopted_proposal.author
    made = services.make_commitment(
        org_admin,
        goal=goal,
        lead_organisation=organisation,
        title="We will do it",
        due_date=NEXT_YEAR,
        proposals=[adopted_proposal],
    )
    services.post_update(org_admin, made.pk, text="Started.")
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(digest.send_digest(author.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert len([m for m in mail.outbox if m.to == [author.email]]) == 1


def test_owners_are_reminded_before_due_and_when_overdue_once_each(goal, organisation, org_admin):
    mail.outbox.clear()
    today = timezone.localdate()
    make_commitment(goal, organisation, title="Soon", due_date=today + datetime.timedelta(3))
    make_commitment(goal, organisation, title="Late", due_date=today - datetime.timedelta(1))
    make_commitment(goal, organisation, title="Later", due_date=today + datetime.timedelta(30))
    assert scheduler.send_reminders(today) == (1, 1)
    assert scheduler.send_reminders(today) == (0, 0)
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["Due in a week: Soon", "Overdue: Late"]
    assert all(m.to == [org_admin.email] for m in mail.outbox)
