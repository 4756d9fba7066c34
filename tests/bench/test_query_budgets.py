"""Query-count budgets for the public pages that have none in their own app's tests.

Each page is requested with 1 and with 50 of what it lists (proposals, comments,
pledges, consultations), anonymously and signed in; its queries must stay within the
budget *and not grow with the list*: a query per row would add 49. (The goal pages,
organisation pages, pledge walls and goals' open data files have budgets in
tests/goals/, tests/pledges/ and tests/organisations/.)
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from tests.factories import (
    CommentFactory,
    PledgeFactory,
    PledgeUpdateFactory,
    ProposalFactory,
    SupportFactory,
    VerifiedUserFactory,
    make_consultation,
)
from tests.factories.pledges import make_goal

SIZES = (1, 50)
ROLES = ["anonymous", "signed-in"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)  # a streamed file queries as it goes
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries), captured


def assert_budget(counts, budget):
    """``counts`` maps n → queries: all within the budget and the same at every n."""
    for n, count in counts.items():
        assert count <= budget, f"{count} queries with {n} items (budget {budget})"
    assert len(set(counts.values())) == 1, f"queries grow with the list: {counts}"


def _proposals(consultation, n, *, comments=0):
    people = VerifiedUserFactory.create_batch(3)
    proposals = ProposalFactory.create_batch(n, consultation=consultation, author=people[0])
    for i, proposal in enumerate(proposals):
        SupportFactory(proposal=proposal, user=people[1 + i % 2])
        proposal.support_count = 1
        proposal.save(update_fields=["support_count"])
    return proposals


def _world(n):
    """A goal with ``n`` pledges (with updates) and a consultation with ``n`` proposals."""
    goal = make_goal()
    for pledge in PledgeFactory.create_batch(n, goal=goal):
        PledgeUpdateFactory(pledge=pledge)
    consultation = make_consultation(title="What should Lowbridge do first?")
    _proposals(consultation, n)
    return goal, consultation


def _measure(client, build, url_for, signed_in=False):
    counts = {}
    for n in SIZES:
        from django.core.cache import cache

        cache.clear()
        objects = build(n)
        if signed_in:
            client.force_login(VerifiedUserFactory())
        url = url_for(objects)
        client.get(url)  # warm per-process caches (site root, settings) once
        counts[n], _ = queries_for(client, url)
        _clean()
    return counts


def _clean():
    from consultations.models import ConsultationPage, Proposal
    from goals.models import GoalPage
    from pledges.models import Pledge

    Pledge.objects.all().delete()
    Proposal.objects.all().delete()
    for page in ConsultationPage.objects.all():
        page.delete()
    for page in GoalPage.objects.all():
        page.delete()


@pytest.mark.django_db
@pytest.mark.parametrize(("signed_in", "budget"), [(False, 18), (True, 18)], ids=ROLES)
def test_home_page(client, home_page, signed_in, budget):
    counts = _measure(client, _world, lambda objects: "/", signed_in)
    assert_budget(counts, budget)


@pytest.mark.django_db
@pytest.mark.parametrize(("signed_in", "budget"), [(False, 24), (True, 31)], ids=ROLES)
def test_consultation_page(client, home_page, signed_in, budget):
    def build(n):
        consultation = make_consultation()
        for proposal in _proposals(consultation, n):
            CommentFactory(proposal=proposal)
        return consultation

    counts = _measure(client, build, lambda c: c.url, signed_in)
    assert_budget(counts, budget)


@pytest.mark.django_db
def test_consultation_index(client, home_page):
    def build(n):
        return [make_consultation(title=f"Question {i}") for i in range(min(n, 12))]

    counts = _measure(client, build, lambda cs: cs[0].get_parent().url)
    assert_budget(counts, 20)


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["supported", "newest", "random"])
@pytest.mark.parametrize(("signed_in", "budget"), [(False, 14), (True, 16)], ids=ROLES)
def test_proposal_list(client, home_page, sort, signed_in, budget):
    def build(n):
        consultation = make_consultation()
        _proposals(consultation, n)
        return consultation

    def url(consultation):
        return (
            reverse("consultations:proposals", kwargs={"consultation_id": consultation.pk})
            + f"?sort={sort}"
        )

    counts = _measure(client, build, url, signed_in)
    assert_budget(counts, budget)


@pytest.mark.django_db
@pytest.mark.parametrize(("signed_in", "budget"), [(False, 13), (True, 14)], ids=ROLES)
def test_proposal_page_with_comments_and_replies(client, home_page, signed_in, budget):
    def build(n):
        consultation = make_consultation()
        proposal = _proposals(consultation, 1)[0]
        first = None
        for i in range(n):
            comment = CommentFactory(proposal=proposal, parent=first if i % 3 == 2 else None)
            first = first or comment
        proposal.comment_count = n
        proposal.save(update_fields=["comment_count"])
        return proposal

    counts = _measure(client, build, lambda p: p.get_absolute_url(), signed_in)
    assert_budget(counts, budget)


@pytest.mark.django_db
def test_search(client, home_page):
    def build(n):
        consultation = make_consultation(title="Parks for everyone")
        for proposal in _proposals(consultation, n):
            proposal.title = f"More trees in the park {proposal.pk}"
            proposal.save(update_fields=["title"])
        return consultation

    counts = _measure(client, build, lambda c: "/search/?q=park")
    assert_budget(counts, 18)


@pytest.mark.django_db
def test_proposals_open_data_file(client, home_page):
    def build(n):
        consultation = make_consultation()
        _proposals(consultation, n)
        return consultation

    def url(_):
        for name in ("data:proposals_csv", "proposals_csv", "consultations:proposals_csv"):
            try:
                return reverse(name)
            except NoReverseMatch:
                continue
        raise AssertionError("no URL for proposals.csv")

    counts = _measure(client, build, url)
    assert_budget(counts, 5)


@pytest.mark.django_db
def test_data_index_and_pledges_file(client, home_page):
    def build(n):
        goal = make_goal()
        PledgeFactory.create_batch(n, goal=goal, due_date=dt.date(2030, 1, 1))
        return goal

    for name in ("data:index", "data:pledges_csv"):
        counts = _measure(client, build, lambda _goal, name=name: reverse(name))
        assert_budget(counts, 10)


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_support_and_withdraw_posts(client, home_page, htmx):
    """The busiest write. A form POST on PostgreSQL: the session, the person, then one
    statement that checks their address is verified and the proposal open, writes the
    support and its count (services.support_at_once). An htmx POST, which answers with
    the button, loads the proposal and its phases, writes, and reads the new count."""
    consultation = make_consultation()
    proposal = _proposals(consultation, 1)[0]
    client.force_login(VerifiedUserFactory())
    headers = {"HX-Request": "true"} if htmx else {}
    support_url = reverse("consultations:support", kwargs={"pk": proposal.pk})
    withdraw_url = reverse("consultations:unsupport", kwargs={"pk": proposal.pk})
    on_postgresql = connection.vendor == "postgresql"
    budget = {(True, False): 3, (True, True): 7}.get((on_postgresql, htmx), 14)

    for url, expected in ((support_url, 2), (withdraw_url, 1)):
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, headers=headers)
        assert response.status_code == (200 if htmx else 302)
        assert len(captured.captured_queries) <= budget, [
            q["sql"][:120] for q in captured.captured_queries
        ]
        proposal.refresh_from_db()
        assert proposal.support_count == expected == proposal.supports.count()


# Signed-in pages (issue #19): what every page a resident reads costs, at 1 and at 50.


@pytest.mark.django_db
@pytest.mark.parametrize(("signed_in", "budget"), [(False, 18), (True, 18)], ids=ROLES)
def test_search_signed_in(client, home_page, signed_in, budget):
    def build(n):
        consultation = make_consultation(title="Parks for everyone")
        for proposal in _proposals(consultation, n):
            proposal.title = f"More trees in the park {proposal.pk}"
            proposal.save(update_fields=["title"])
        return consultation

    counts = _measure(client, build, lambda c: "/search/?q=park", signed_in)
    assert_budget(counts, budget)


@pytest.mark.django_db
def test_organisation_page_signed_in(client, home_page):
    from tests.factories import MembershipFactory, OrganisationFactory

    def build(n):
        organisation = OrganisationFactory(name="Riverside Residents")
        for _ in range(n):
            MembershipFactory(organisation=organisation, status="active")
        return organisation

    def url(organisation):
        return reverse("organisations:detail", kwargs={"slug": organisation.slug})

    counts = _measure(client, build, url, signed_in=True)
    assert_budget(counts, 24)


@pytest.mark.django_db
def test_survey_page_signed_in(client, home_page):
    from tests.factories.surveys import make_survey_consultation

    def build(n):
        return make_survey_consultation()

    def url(consultation):
        return reverse(
            "consultations:survey_section", kwargs={"consultation_id": consultation.pk, "number": 1}
        )

    counts = _measure(client, build, url, signed_in=True)
    assert_budget(counts, 16)


@pytest.mark.django_db
@pytest.mark.parametrize("n", SIZES)
def test_comment_post(client, home_page, n):
    """A comment on a proposal with ``n`` comments: the same queries whatever the thread."""
    consultation = make_consultation()
    proposal = _proposals(consultation, 1)[0]
    for _ in range(n):
        CommentFactory(proposal=proposal)
    proposal.comment_count = n
    proposal.save(update_fields=["comment_count"])
    client.force_login(VerifiedUserFactory())
    url = reverse("consultations:comment", kwargs={"pk": proposal.pk})
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, {"body": "Benches by the pond, please"})
    assert response.status_code == 302
    assert len(captured.captured_queries) <= 16, [q["sql"][:120] for q in captured.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize("n", SIZES)
def test_pledge_join_and_leave_posts(client, home_page, n):
    """Joining (then leaving) a conditional pledge that ``n`` others joined."""
    from tests.factories.pledges import ConditionalPledgeFactory, PledgeJoinFactory

    goal = make_goal()
    pledge = ConditionalPledgeFactory(goal=goal, threshold=n + 10)
    for _ in range(n):
        PledgeJoinFactory(pledge=pledge)
    pledge.join_count = n
    pledge.save(update_fields=["join_count"])
    client.force_login(VerifiedUserFactory())
    for name in ("pledges:join", "pledges:leave"):
        with CaptureQueriesContext(connection) as captured:
            response = client.post(reverse(name, kwargs={"pk": pledge.pk}))
        assert response.status_code == 302
        assert len(captured.captured_queries) <= 16, [
            q["sql"][:120] for q in captured.captured_queries
        ]
    pledge.refresh_from_db()
    assert pledge.join_count == n == pledge.joins.count()
