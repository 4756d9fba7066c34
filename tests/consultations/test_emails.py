"""Emails go through the task backend, after commit, once per person and occasion."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Follow
from consultations import services
from consultations.models import Action
from core.models import NotificationSent
from tests.factories import ProposalFactory, VerifiedUserFactory, make_consultation

pytestmark = pytest.mark.django_db


def test_response_emails_author_and_supporters_once(
    consultation, convenor, django_capture_on_commit_callbacks
):
    # People who chose "immediately" (the others get it in their digest: tests/commitments/
    # test_digest.py).
    proposal = ProposalFactory(consultation=consultation, author__digest_frequency="immediately")
    supporters = VerifiedUserFactory.create_batch(2, digest_frequency="immediately")
    for person in supporters:
        services.add_support(person, proposal)
    quiet = VerifiedUserFactory(email_on_response=False, digest_frequency="immediately")
    services.add_support(quiet, proposal)

    with django_capture_on_commit_callbacks(execute=True):
        services.set_status(convenor, proposal, status="adopted", response="We will do it.")
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([proposal.author.email, *(p.email for p in supporters)])
    assert "We will do it." in mail.outbox[0].body
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers

    # The same response again, or the task run twice, sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        services.set_status(convenor, proposal, status="adopted", response="We will do it.")
    from consultations.tasks import email_response_to_participants

    email_response_to_participants.call(proposal.pk, "adopted")
    assert len(mail.outbox) == 3


def test_nothing_is_sent_when_the_transaction_rolls_back(consultation, convenor):
    proposal = ProposalFactory(consultation=consultation)
    # Without running on-commit callbacks (the test transaction never commits), no email.
    services.set_status(convenor, proposal, status="not_taken", response="Not this time.")
    assert mail.outbox == []


def test_moderation_tells_the_author_why(
    consultation, moderator, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(consultation=consultation)
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(moderator, proposal, action="hide", reason="personal", note="Names.")
    assert [m.to for m in mail.outbox] == [[proposal.author.email]]
    assert "personal information" in mail.outbox[0].body
    assert "Names." in mail.outbox[0].body


def test_phase_opening_emails_followers_once(home_page, django_capture_on_commit_callbacks):
    now = timezone.now()
    consultation = make_consultation(
        phases={
            Action.PROPOSE: (now + timedelta(days=1), now + timedelta(days=10)),
            Action.SUPPORT: (now + timedelta(days=5), now + timedelta(days=15)),
        }
    )
    follower, late, quiet = VerifiedUserFactory.create_batch(3, digest_frequency="immediately")
    Follow.objects.create(user=follower, page=consultation)
    Follow.objects.create(user=quiet, page=consultation)
    quiet.email_on_phase = False
    quiet.save()

    call_command("send_phase_emails")
    assert mail.outbox == []  # nothing open yet

    with time_machine.travel(now + timedelta(days=2)):
        Follow.objects.create(user=late, page=consultation)  # followed after it opened
        call_command("send_phase_emails")
        call_command("send_phase_emails")
    assert [m.to for m in mail.outbox] == [[follower.email]]
    assert "Propose ideas" in mail.outbox[0].subject

    with time_machine.travel(now + timedelta(days=6)):
        call_command("send_phase_emails")
        call_command("send_phase_emails")
    assert len(mail.outbox) == 3  # the support phase: the follower, and the late follower
    assert NotificationSent.objects.filter(key__startswith="phase-open:").count() == 3


def test_publishing_the_response_page_emails_followers_once(
    consultation, convenor, django_capture_on_commit_callbacks
):
    from tests.factories.pledges import make_goal

    goal = make_goal("Streets for people")
    follower = VerifiedUserFactory(digest_frequency="immediately")
    Follow.objects.create(user=follower, page=consultation)
    adopted = ProposalFactory(consultation=consultation, title="Car-free Sundays")
    services.set_status(convenor, adopted, status="adopted", response="Trial in June.")
    with django_capture_on_commit_callbacks(execute=True):
        page = services.publish_response_page(
            convenor,
            consultation,
            title="You said, we did",
            summary="<p>Thank you.</p>",
            outcomes=[{"proposal": adopted, "goal": goal, "note": "Part of the streets goal"}],
        )
    assert page.live and page.outcomes.count() == 1
    response_mails = [m for m in mail.outbox if follower.email in m.to]
    assert len(response_mails) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_response_page(
            convenor, consultation, title="You said, we did", summary="<p>Updated.</p>"
        )
    assert len([m for m in mail.outbox if follower.email in m.to]) == 1


def test_response_page_shows_outcomes(client, consultation, convenor):
    from tests.factories.pledges import make_goal

    goal = make_goal("Streets for people")
    adopted = ProposalFactory(consultation=consultation, title="Car-free Sundays")
    services.set_status(convenor, adopted, status="adopted", response="Trial in June.")
    page = services.publish_response_page(
        convenor,
        consultation,
        title="You said, we did",
        summary="<p>Thank you.</p>",
        outcomes=[{"proposal": adopted, "goal": goal}],
    )
    content = client.get(page.url).content.decode()
    assert "Car-free Sundays" in content and "Streets for people" in content
    assert "Trial in June." in content
    assert "Read the response" in client.get(consultation.url).content.decode()


def test_tasks_are_enqueued_on_the_configured_backend(
    consultation, convenor, settings, django_capture_on_commit_callbacks
):
    """With a queue backend the email waits for a worker instead of sending in-request."""
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    proposal = ProposalFactory(consultation=consultation)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_status(convenor, proposal, status="adopted", response="Yes.")
    names = [result.task.name for result in default_task_backend.results]
    assert names.count("email_response_to_participants") == 1
    assert mail.outbox == []


def test_moderation_email_replies_reach_the_places_contact_address(
    consultation, moderator, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    from home.models import SiteBranding

    branding = SiteBranding.for_site(Site.objects.get(is_default_site=True))
    branding.contact_email = "moderation@lowbridge.example"
    branding.save()
    proposal = ProposalFactory(consultation=consultation)
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(moderator, proposal, action="hide", reason="personal", note="Names.")
    assert mail.outbox[0].reply_to == ["moderation@lowbridge.example"]
    assert "moderation@lowbridge.example" in mail.outbox[0].body
