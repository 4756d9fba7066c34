"""An XSS corpus (see tests/security/xss.py) written everywhere residents write —
proposal titles and bodies, comments, pledge text, display names, organisation names —
is rendered inert everywhere it appears: pages, data files, emails and the admin."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import MembershipFactory, OrganisationFactory, VerifiedUserFactory
from tests.mfa import sign_in_to_admin
from tests.security.xss import (
    NAMES,
    PAYLOADS,
    assert_inert,
    assert_name_escaped,
    assert_no_raw_name,
    assert_shown,
    marker_of,
    shown_as_text,
)

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
    """One author per payload, with the payload as display name (``NAMES``: the corpus
    with markers of its own, trimmed to fit)."""
    return [VerifiedUserFactory(display_name=name) for name in NAMES]


def assert_names_escaped(html, names_by_entry, where):
    """A listing names the person behind each entry it shows, escaped.

    ``names_by_entry`` maps each entry the listing may show, as a string only that entry
    puts on the page (``href="<its address>"``), to the display name it must show. At
    least one entry is on this page, each one there shows its name as text, and none of
    the names appears unescaped anywhere."""
    listed = [name for entry, name in names_by_entry.items() if entry in html]
    assert listed, f"{where}: none of the entries is listed"
    for name in listed:
        assert_name_escaped(html, name, where)
    for name in names_by_entry.values():
        assert_no_raw_name(html, name, where)


def by_link(items, name_of):
    """``names_by_entry`` for items found on a page by a link to them."""
    return {f'href="{item.get_absolute_url()}"': name_of(item) for item in items}


def test_proposals_and_comments(client, world, convenor_client):
    from consultations.models import Comment, Proposal

    people = authors()
    # Each proposal is commented on by the next person, so its page shows two names.
    commenters = people[1:] + people[:1]
    proposals = []
    for payload, person, commenter in zip(PAYLOADS, people, commenters, strict=True):
        proposal = Proposal.objects.create(
            consultation=world.consultation,
            author=person,
            title=payload[:140],
            body=f"{payload}\n\nSee https://example.org/{marker_of(payload)} or {payload}",
        )
        Comment.objects.create(proposal=proposal, author=commenter, body=f"Reply: {payload}")
        proposals.append(proposal)

    for payload, proposal, commenter in zip(PAYLOADS, proposals, commenters, strict=True):
        path = proposal.get_absolute_url()
        html = get_inert(client, path, payload=payload)
        # Links in resident text are marked as user content and never followed.
        assert f'rel="nofollow ugc noopener" href="https://example.org/{marker_of(payload)}"' in (
            html
        )
        # "Proposed by <name>", and the comment's "<name> · <date>".
        assert_name_escaped(html, proposal.author.display_name, path)
        assert_name_escaped(html, commenter.display_name, path)
    cards = by_link(proposals, lambda proposal: proposal.author.display_name)
    for path in (
        reverse("consultations:all_proposals"),
        reverse("consultations:proposals", kwargs={"consultation_id": world.consultation.pk}),
    ):
        # Proposal cards: "From <name>".
        for page in (path, path + "?page=2"):
            assert_names_escaped(get_inert(client, page), cards, page)
    # The consultation's own page lists its top ideas by title only.
    for path in (world.consultation.url, world.consultation.url + "?page=2"):
        html = get_inert(client, path)
        for person in people:
            assert_no_raw_name(html, person.display_name, path)

    # Data files: the CSV is served as CSV, never HTML; the person's own export as JSON.
    response = client.get(reverse("data:proposals_csv"))
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

    def moderate_link(kind, item):
        url = reverse("consultations_admin:moderate", kwargs={"kind": kind, "pk": item.pk})
        return f'href="{url}"'

    queue = reverse("consultations_admin:queue")
    rows = {moderate_link("proposal", p): p.author.display_name for p in proposals} | {
        moderate_link("comment", c): c.author.display_name for c in Comment.objects.all()
    }
    # Each item in the queue: "by <name>".
    assert_names_escaped(get_inert(convenor_client, queue, strict=False), rows, queue)
    for proposal in proposals[:10]:
        moderate = reverse(
            "consultations_admin:moderate", kwargs={"kind": "proposal", "pk": proposal.pk}
        )
        html = get_inert(convenor_client, moderate, strict=False)
        assert_name_escaped(html, proposal.author.display_name, moderate)
        respond = reverse("consultations_admin:respond", kwargs={"pk": proposal.pk})
        html = get_inert(convenor_client, respond, strict=False)
        assert_no_raw_name(html, proposal.author.display_name, respond)


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
    from pledges.models import Pledge

    people = authors()
    pledges = [
        Pledge.objects.create(goal=world.goal, author=person, text=payload)
        for payload, person in zip(PAYLOADS, people, strict=True)
    ]
    pledgers = by_link(pledges, lambda pledge: pledge.author.display_name)
    for payload, pledge in zip(PAYLOADS, pledges, strict=True):
        path = pledge.get_absolute_url()
        # "Pledge by <name>": the pledger chose to be named.
        assert_name_escaped(
            get_inert(client, path, payload=payload), pledge.author.display_name, path
        )
    for path in (
        reverse("pledges:index"),
        reverse("pledges:goal", kwargs={"slug": world.goal.slug}),
        world.goal.url,
        "/",
    ):
        # Pledge walls (and the home page's latest pledges) name each pledger.
        assert_names_escaped(get_inert(client, path), pledgers, path)
    response = client.get(reverse("data:pledges_csv"))
    assert response["Content-Type"].startswith("text/csv")
    client.force_login(people[3])
    get_inert(client, reverse("pledges:mine"), payload=PAYLOADS[3])
    # The admin's pledge listing and the people listing show text and names escaped.
    html = get_inert(superuser_client, "/admin/pledges/", strict=False)
    for person in people:
        assert_no_raw_name(html, person.display_name, "/admin/pledges/")
    path = pledges[0].get_absolute_url()
    assert_name_escaped(get_inert(superuser_client, path), people[0].display_name, path)
    html = get_inert(superuser_client, "/admin/users/", strict=False)
    users = {f'href="/admin/users/edit/{person.pk}/"': person.display_name for person in people}
    assert_names_escaped(html, users, "/admin/users/")
    path = f"/admin/users/edit/{people[0].pk}/"
    assert_no_raw_name(
        get_inert(superuser_client, path, strict=False), people[0].display_name, path
    )


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

    member = VerifiedUserFactory(display_name=NAMES[0])
    for organisation in organisations[:10]:
        MembershipFactory(user=member, organisation=organisation, show_publicly=True)
    for organisation in organisations[:10]:
        # The organisation's page lists the members who chose to be shown, by name.
        path = organisation.get_absolute_url()
        assert_name_escaped(get_inert(client, path), member.display_name, path)
    client.force_login(member)
    get_inert(client, reverse("organisations:mine"), payload=PAYLOADS[1])

    get_inert(convenor_client, "/admin/snippets/organisations/organisation/", strict=False)


def test_display_names_on_an_organisation_admins_member_list(client, world):
    admin = MembershipFactory(organisation=world.organisation, admin=True).user
    people = authors()
    # Half have asked to join (the requests), half are members (shown publicly, too).
    for n, person in enumerate(people):
        MembershipFactory(
            user=person, organisation=world.organisation, requested=n % 2 == 0, show_publicly=True
        )
    client.force_login(admin)
    path = reverse("organisations:members", kwargs={"slug": world.organisation.slug})
    html = get_inert(client, path)
    for person in people:
        assert_name_escaped(html, person.display_name, path)
    # The organisation's public page names the members (not those who only asked).
    path = world.organisation.get_absolute_url()
    html = get_inert(client, path)
    for n, person in enumerate(people):
        if n % 2:
            assert_name_escaped(html, person.display_name, path)
        else:
            assert not shown_as_text(html, person.display_name), (path, person.display_name)
            assert_no_raw_name(html, person.display_name, path)


def test_emails_are_plain_text(world, settings):
    """Emails carry resident text as plain text only: no HTML part for it to run in, and
    no header it can break out of."""
    from consultations.models import Proposal, Support
    from consultations.tasks import email_response_to_participants

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for payload in PAYLOADS:
        author = VerifiedUserFactory(display_name=payload[:80], digest_frequency="immediately")
        supporter = VerifiedUserFactory(digest_frequency="immediately")
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
