"""Telling people what happened to their idea, through the one outbox
(``accounts.digest``): the author, supporters and followers get one digest a period
however many changes there were, commitments' and consultations' alike, none when set
to never, exactly once with two schedulers at once; "immediately" gets a response's own
email at once; one-click unsubscribe; "What's new for you"; owners' reminders once each."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import digest
from accounts.models import Follow, NotificationItem
from commitments import scheduler, services
from consultations.tasks import email_phase_openings, email_response_to_participants
from tests.concurrency import run_at_once
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


def test_each_person_gets_one_digest_a_day_however_many_changes(
    commitment, people, org_admin, adopted_proposal
):
    mail.outbox.clear()
    # The idea's response joins the same outbox: no email of its own for a daily person.
    assert email_response_to_participants.call(adopted_proposal.pk, "adopted") == 0
    assert mail.outbox == []
    assert NotificationItem.objects.filter(user=people["author"]).count() == 4
    assert NotificationItem.objects.filter(user=people["follower"]).count() == 3
    assert not NotificationItem.objects.filter(user=org_admin).exists()  # not told of own
    assert digest.send_digests() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people.values())
    author_mail = next(m for m in mail.outbox if m.to == [people["author"].email])
    assert "We will build the lanes" in author_mail.body
    assert "has an official response (Adopted)" in author_mail.body
    assert adopted_proposal.title in author_mail.body
    assert "List-Unsubscribe" in author_mail.extra_headers
    # More changes the same day, of either app, wait for tomorrow's digest.
    services.post_update(org_admin, commitment.pk, text="Half built.")
    # The follower followed before the consultation's propose and support phases opened.
    Follow.objects.filter(user=people["follower"]).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert email_phase_openings.call() == 0
    assert NotificationItem.objects.filter(user=people["follower"], kind="phase").count() == 2
    assert digest.send_digests() == 0
    assert len(mail.outbox) == 3
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert digest.send_digests() == 3
        assert digest.send_digests() == 0
    assert len(mail.outbox) == 6
    follower_mail = mail.outbox[-3:]
    follower_mail = next(m for m in follower_mail if m.to == [people["follower"].email])
    assert "a new phase is open (Propose ideas)" in follower_mail.body
    assert "Half built" not in follower_mail.body  # the line says what, not the text


def test_never_means_no_email_but_the_page_lists_it(client, commitment, people, adopted_proposal):
    author = people["author"]
    author.digest_frequency = "never"
    author.save()
    mail.outbox.clear()
    email_response_to_participants.call(adopted_proposal.pk, "adopted")
    digest.send_digests()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        digest.send_digests()
    assert author.email not in [m.to[0] for m in mail.outbox]
    client.force_login(author)
    body = client.get(reverse("accounts:whats_new")).content.decode()
    assert "We will build the lanes" in body and "you proposed the idea" in body
    assert "has an official response" in body


def test_immediately_gets_a_response_at_once_and_not_again_in_the_digest(people, adopted_proposal):
    supporter = people["supporter"]
    supporter.digest_frequency = "immediately"
    supporter.save()
    mail.outbox.clear()
    assert email_response_to_participants.call(adopted_proposal.pk, "adopted") == 1
    assert email_response_to_participants.call(adopted_proposal.pk, "adopted") == 0
    assert [m.to for m in mail.outbox] == [[supporter.email]]
    assert "has a response" in mail.outbox[0].subject
    assert NotificationItem.objects.filter(user=supporter, kind="response").count() == 1
    assert digest.send_digest(supporter.pk) is False  # nothing else waiting


def test_weekly_waits_for_the_next_week(commitment, people):
    supporter = people["supporter"]
    supporter.digest_frequency = "weekly"
    supporter.save()
    now = timezone.now()
    assert digest.send_digest(supporter.pk, now)
    assert not digest.send_digest(supporter.pk, now + datetime.timedelta(hours=1))


def test_one_click_unsubscribe(client, people, commitment):
    author = people["author"]
    token = digest.UNSUBSCRIBE_LINK.token(author)
    url = reverse("accounts:digest_unsubscribe", args=[token])
    assert client.get(url).status_code == 200
    author.refresh_from_db()
    assert author.digest_frequency == "daily"  # a GET (a link scanner) changes nothing
    assert client.post(url).status_code == 200
    author.refresh_from_db()
    assert author.digest_frequency == "never"
    assert client.post(reverse("accounts:digest_unsubscribe", args=["forged"])).status_code == 400
    # The address of links in digests sent before the digest moved to accounts still works.
    author.digest_frequency = "daily"
    author.save()
    assert client.post(reverse("commitments:unsubscribe", args=[token])).status_code == 200
    author.refresh_from_db()
    assert author.digest_frequency == "never"


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
    email_response_to_participants.call(adopted_proposal.pk, "adopted")
    mail.outbox.clear()
    results, errors = run_at_once([scheduler.run_scheduler, scheduler.run_scheduler])
    assert errors == []
    assert sorted(report.digests for report in results) == [0, 1]
    assert len([m for m in mail.outbox if m.to == [author.email]]) == 1
    assert not NotificationItem.objects.filter(user=author, emailed_at__isnull=True).exists()


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
