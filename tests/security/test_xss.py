"""An XSS corpus (see tests/security/xss.py) written everywhere residents write —
proposal titles and bodies, comments, pledge text, display names, organisation names —
is rendered inert everywhere it appears: pages, data files, emails and the admin."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import MembershipFactory, OrganisationFactory, VerifiedUserFactory
from tests.mfa import sign_in_to_admin
from tests.security.xss import PAYLOADS, assert_inert, assert_shown, marker_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def convenor_client(convenor):
    """The convenor (tests/conftest.py), signed in to the admin with a second factor."""
    from django.test import Client

    return sign_in_to_admin(Client(), convenor)


@pytest.fixture
def superuser_client(superuser):
    from django.test import Client

    return sign_in_to_admin(Client(), superuser)


def get_inert(client, path, *, payload=None, strict=True):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    html = response.content.decode()
    assert_inert(html, path, strict=strict)
    if payload is not None:
        assert_shown(html, payload, path)
    return html


def authors():
    """One author per payload, with the payload as display name (trimmed to fit)."""
    return [VerifiedUserFactory(display_name=payload[:80]) for payload in PAYLOADS]


def test_proposals_and_comments(client, world, convenor_client):
    from consultations.models import Comment, Proposal

    people = authors()
    proposals = []
    for payload, person in zip(PAYLOADS, people, strict=True):
        proposal = Proposal.objects.create(
            consultation=world.consultation,
            author=person,
            title=payload[:140],
            body=f"{payload}\n\nSee https://example.org/{marker_of(payload)} or {payload}",
        )
        Comment.objects.create(proposal=proposal, author=person, body=f"Reply: {payload}")
        proposals.append(proposal)

    for payload, proposal in zip(PAYLOADS, proposals, strict=True):
        html = get_inert(client, proposal.get_absolute_url(), payload=payload)
        # Links in resident text are marked as user content and never followed.
        assert f'rel="nofollow ugc noopener" href="https://example.org/{marker_of(payload)}"' in (
            html
        )
    for path in (
        reverse("consultations:all_proposals"),
        reverse("consultations:proposals", kwargs={"consultation_id": world.consultation.pk}),
        world.consultation.url,
    ):
        get_inert(client, path)
        get_inert(client, path + "?page=2")

    # Data files: the CSV is served as CSV, never HTML; the person's own export as JSON.
    response = client.get(reverse("proposals_csv"))
    assert response["Content-Type"].startswith("text/csv")
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else (response.content.decode())
    )
    for line in body.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.strip('"').startswith(("=", "+", "@")), cell
    client.force_login(people[0])
    export = client.get(reverse("accounts:data"))
    assert export["Content-Type"].startswith("application/json")
    assert export["X-Content-Type-Options"] == "nosniff"
    assert json.loads(export.content)["proposals"][0]["title"] == PAYLOADS[0][:140]

    # The admin: moderation queue, moderation of one item, the response form.
    Proposal.objects.update(moderation_state="pending")
    Comment.objects.update(moderation_state="pending")
    get_inert(convenor_client, reverse("consultations_admin:queue"), strict=False)
    for proposal in proposals[:10]:
        get_inert(
            convenor_client,
            reverse("consultations_admin:moderate", kwargs={"kind": "proposal", "pk": proposal.pk}),
            strict=False,
        )
        get_inert(
            convenor_client,
            reverse("consultations_admin:respond", kwargs={"pk": proposal.pk}),
            strict=False,
        )


def test_search_results_and_reflected_parameters(client, world):
    from consultations.models import Proposal

    person = VerifiedUserFactory()
    for payload in PAYLOADS:
        Proposal.objects.create(
            consultation=world.consultation, author=person, title=payload[:140], body=payload
        )
    from tests.security.urlwalk import project_urls, sample_path

    plain_pages = [sample_path(url) for url in project_urls() if not url.params]
    for payload in PAYLOADS:
        get_inert(client, reverse("search") + "?" + _query(q=payload))
    for path in plain_pages:
        for payload in PAYLOADS[:8]:
            query = _query(q=payload, next=payload, page=payload, sort=payload, status=payload)
            response = client.get(f"{path}?{query}")
            assert response.status_code < 500, path
            if response["Content-Type"].startswith("text/html"):
                assert_inert(response.content.decode(), path)


def _query(**params):
    from urllib.parse import urlencode

    return urlencode(params)


def test_pledges(client, world, superuser_client):
    from goals.models import Pledge

    people = authors()
    pledges = [
        Pledge.objects.create(goal=world.goal, author=person, text=payload)
        for payload, person in zip(PAYLOADS, people, strict=True)
    ]
    for payload, pledge in zip(PAYLOADS, pledges, strict=True):
        get_inert(client, pledge.get_absolute_url(), payload=payload)
    for path in (
        reverse("pledges:index"),
        reverse("pledges:goal", kwargs={"slug": world.goal.slug}),
        world.goal.url,
    ):
        get_inert(client, path)
    response = client.get(reverse("data:pledges_csv"))
    assert response["Content-Type"].startswith("text/csv")
    client.force_login(people[3])
    get_inert(client, reverse("pledges:mine"), payload=PAYLOADS[3])
    # The admin's pledge listing and the people listing show text and names escaped.
    get_inert(superuser_client, "/admin/pledges/", strict=False)
    get_inert(superuser_client, pledges[0].get_absolute_url())
    get_inert(superuser_client, "/admin/users/", strict=False)
    get_inert(superuser_client, f"/admin/users/edit/{people[0].pk}/", strict=False)


def test_organisation_names(client, world, convenor_client):
    organisations = [
        OrganisationFactory(name=payload, slug=f"org-{n}", kind="voluntary")
        for n, payload in enumerate(PAYLOADS)
    ]
    for payload, organisation in zip(PAYLOADS, organisations, strict=True):
        get_inert(client, organisation.get_absolute_url(), payload=payload)
        get_inert(client, reverse("pledges:organisation", kwargs={"slug": organisation.slug}))
    get_inert(client, reverse("organisations:index"))
    get_inert(client, reverse("organisations:index") + "?page=2")
    response = client.get(reverse("data:goals_json"))
    assert response["Content-Type"].startswith("application/json")

    member = VerifiedUserFactory(display_name=PAYLOADS[0][:80])
    for organisation in organisations[:10]:
        MembershipFactory(user=member, organisation=organisation)
    client.force_login(member)
    get_inert(client, reverse("organisations:mine"), payload=PAYLOADS[1])

    get_inert(convenor_client, "/admin/snippets/goals/organisation/", strict=False)


def test_display_names_on_an_organisation_admins_member_list(client, world):
    admin = MembershipFactory(organisation=world.organisation, admin=True).user
    for person in authors():
        MembershipFactory(user=person, organisation=world.organisation, requested=True)
    client.force_login(admin)
    get_inert(client, reverse("organisations:members", kwargs={"slug": world.organisation.slug}))


def test_emails_are_plain_text(world, settings):
    """Emails carry resident text as plain text only: no HTML part for it to run in, and
    no header it can break out of."""
    from consultations.models import Proposal, Support
    from consultations.tasks import email_response_to_participants

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for payload in PAYLOADS:
        author = VerifiedUserFactory(display_name=payload[:80])
        supporter = VerifiedUserFactory()
        proposal = Proposal.objects.create(
            consultation=world.consultation,
            author=author,
            title=(payload + "\r\nBcc: victim@example.org")[:140],
            body=payload,
            status="adopted",
            response=f"We will do it. {payload}",
        )
        Support.objects.create(proposal=proposal, user=supporter)
        mail.outbox.clear()
        email_response_to_participants.call(proposal.pk, "adopted")
        assert len(mail.outbox) == 2
        for message in mail.outbox:
            assert message.content_subtype == "plain"
            assert not getattr(message, "alternatives", [])
            assert "\n" not in message.subject and "\r" not in message.subject
            assert message.recipients() in ([author.email], [supporter.email])
            assert "victim@example.org" not in message.recipients()
            raw = message.message().as_string()
            assert "Content-Type: text/html" not in raw
