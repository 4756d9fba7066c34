"""After an account is deleted, no page, data file, search result or email shows the
person's name or email address, and every count is unchanged."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.privacy import delete_account
from tests.factories import MembershipFactory, VerifiedUserFactory
from tests.security.conftest import join

pytestmark = pytest.mark.django_db

NAME = "Zelda Quillfeather"


@pytest.fixture
def person_with_a_public_record(world):
    from consultations.models import Comment, Proposal, Support
    from pledges.models import Pledge

    person = VerifiedUserFactory(display_name=NAME, email="zelda.quillfeather@example.org")
    other = VerifiedUserFactory(display_name="Another Resident", digest_frequency="immediately")
    proposal = Proposal.objects.create(
        consultation=world.consultation,
        author=person,
        title="Car-free Sundays on the high street",
        body="Close the high street to cars on Sundays.",
    )
    Comment.objects.create(proposal=proposal, author=person, body="And add benches.")
    other_proposal = Proposal.objects.create(
        consultation=world.consultation, author=other, title="More buses", body="Please."
    )
    Comment.objects.create(proposal=other_proposal, author=person, body="Yes, at night too.")
    Support.objects.create(proposal=other_proposal, user=person)
    Support.objects.create(proposal=proposal, user=other)
    from django.db.models import F

    Proposal.objects.filter(pk__in=[proposal.pk, other_proposal.pk]).update(
        support_count=F("support_count") + 1, comment_count=F("comment_count") + 1
    )
    pledge = Pledge.objects.create(
        goal=world.goal, author=person, text="We will walk to school", show_name=True
    )
    other_pledge = Pledge.objects.create(goal=world.goal, author=other, text="We will cycle")
    join(person, other_pledge)
    MembershipFactory(user=person, organisation=world.organisation, show_publicly=True)
    return person, other, proposal, other_proposal, pledge, other_pledge


def public_places(world, proposal, other_proposal, pledge):
    return [
        proposal.get_absolute_url(),
        other_proposal.get_absolute_url(),
        reverse("consultations:all_proposals"),
        reverse("consultations:proposals", kwargs={"consultation_id": world.consultation.pk}),
        world.consultation.url,
        pledge.get_absolute_url(),
        reverse("pledges:index"),
        reverse("pledges:goal", kwargs={"slug": world.goal.slug}),
        world.goal.url,
        world.organisation.get_absolute_url(),
        "/",
        reverse("search") + "?q=Zelda",
        reverse("search") + "?q=Quillfeather",
        reverse("search") + "?q=Car-free",
        reverse("data:proposals_csv"),
        reverse("data:pledges_csv"),
        reverse("data:goals_json"),
        reverse("data:goals_csv"),
    ]


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def counts(world):
    from consultations.models import Comment, Proposal, Support
    from pledges.models import Pledge, PledgeJoin

    return {
        "supports": Support.objects.count(),
        "joins": PledgeJoin.objects.count(),
        "comments": Comment.objects.count(),
        "proposals": Proposal.objects.count(),
        "pledges": Pledge.objects.count(),
        "support_counts": sorted(Proposal.objects.values_list("pk", "support_count")),
        "comment_counts": sorted(Proposal.objects.values_list("pk", "comment_count")),
        "join_counts": sorted(Pledge.objects.values_list("pk", "join_count")),
    }


def test_nothing_shows_their_name_or_email_and_counts_are_unchanged(
    client, world, person_with_a_public_record, settings, django_capture_on_commit_callbacks
):
    person, _other, proposal, other_proposal, pledge, _other_pledge = person_with_a_public_record
    email = person.email
    places = public_places(world, proposal, other_proposal, pledge)

    # Before: the name is there (so the check after is not vacuous).
    shown_before = [p for p in places if NAME in body_of(client.get(p))]
    assert proposal.get_absolute_url() in shown_before
    assert pledge.get_absolute_url() in shown_before
    before = counts(world)

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(person)

    assert counts(world) == before
    for place in places:
        response = client.get(place)
        assert response.status_code == 200, place
        body = body_of(response)
        assert NAME not in body, place
        if "?q=" not in place:  # a search page repeats the words searched for
            assert "Zelda" not in body and "Quillfeather" not in body, place
        assert email not in body, place
    for place in (proposal.get_absolute_url(), pledge.get_absolute_url()):
        assert "a former participant" in body_of(client.get(place))

    # Signed-in pages of others (an organisation admin's member list) do not show them.
    admin = MembershipFactory(organisation=world.organisation, admin=True).user
    client.force_login(admin)
    members = client.get(reverse("organisations:members", kwargs={"slug": world.organisation.slug}))
    assert NAME not in members.content.decode() and email not in members.content.decode()


def test_no_email_goes_to_them_or_names_them(world, person_with_a_public_record, settings):
    from consultations.models import Proposal
    from consultations.tasks import email_response_to_participants

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    person, _other, proposal, other_proposal, *_ = person_with_a_public_record
    email = person.email
    delete_account(person)
    mail.outbox.clear()
    for item in (proposal, other_proposal):
        Proposal.objects.filter(pk=item.pk).update(status="adopted", response="We will.")
        email_response_to_participants.call(item.pk, "adopted")
    assert mail.outbox, "the other participant is still told"
    for message in mail.outbox:
        assert email not in message.recipients()
        assert not any(r.endswith(".invalid") for r in message.recipients())
        text = message.subject + message.body
        assert NAME not in text and email not in text


def test_they_cannot_sign_in_or_reset_their_password(
    client, person_with_a_public_record, password, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    person = person_with_a_public_record[0]
    email = person.email
    delete_account(person)
    client.post(reverse("account_login"), {"login": email, "password": password})
    assert "_auth_user_id" not in client.session
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": email})
    assert all(email not in m.recipients() or "account" in m.body.lower() for m in mail.outbox)
    for message in mail.outbox:  # allauth may tell an unknown address it has no account
        assert "password/reset/key" not in message.body
