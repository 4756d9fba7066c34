from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import Action, Comment, ModerationState, Proposal, Report, Support
from tests.factories import ProposalFactory, VerifiedUserFactory, make_consultation
from tests.mfa import sign_in_to_admin

pytestmark = pytest.mark.django_db


def _propose(client, consultation, **data):
    return client.post(reverse("consultations:propose", args=[consultation.pk]), data)


# Proposing: bad input gives a form error and saves nothing -------------------------


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "body": "A body"},
        {"title": "A title", "body": ""},
        {"title": "A title", "body": "x" * 50_000},
        {"title": "T" * 500, "body": "A body"},
        {"title": "A title", "body": "A body", "organisation": "999999"},
        {"title": "A title", "body": "A body", "website_url": "http://spam.example"},
    ],
    ids=["empty-title", "empty-body", "50k-body", "long-title", "unknown-org", "honeypot"],
)
def test_bad_proposals_are_form_errors(client, consultation, resident, data):
    client.force_login(resident)
    response = _propose(client, consultation, **data)
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert not Proposal.objects.exists()


def test_forged_organisation_is_a_form_error(client, consultation, org_member, other_organisation):
    client.force_login(org_member)
    response = _propose(
        client, consultation, title="T", body="B", organisation=str(other_organisation.pk)
    )
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_member_proposes_for_their_organisation(client, consultation, org_member, organisation):
    client.force_login(org_member)
    page = client.get(reverse("consultations:propose", args=[consultation.pk]))
    assert organisation.name.encode() in page.content
    response = _propose(client, consultation, title="T", body="B", organisation=organisation.pk)
    assert response.status_code == 302
    assert Proposal.objects.get().organisation == organisation


def test_closed_consultation_refuses_the_form(client, home_page, resident):
    now = timezone.now()
    closed = make_consultation(
        phases={Action.PROPOSE: (now - timedelta(days=9), now - timedelta(days=1))}
    )
    client.force_login(resident)
    assert client.get(reverse("consultations:propose", args=[closed.pk])).status_code == 403
    response = _propose(client, closed, title="T", body="B")
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_proposal_of_unpublished_consultation_is_404(client, consultation, resident):
    consultation.unpublish()
    client.force_login(resident)
    assert _propose(client, consultation, title="T", body="B").status_code == 404
    assert not Proposal.objects.exists()


# Supporting, with and without htmx ---------------------------------------------------


def test_support_plain_post_redirects_and_htmx_returns_a_fragment(client, consultation, resident):
    proposal = ProposalFactory(consultation=consultation)
    client.force_login(resident)
    url = reverse("consultations:support", args=[proposal.pk])
    response = client.post(
        url, {"next": reverse("consultations:proposals", args=[consultation.pk])}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:proposals", args=[consultation.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")  # a double-click: still one
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b'id="support-' in response.content
    assert b"1 support" in response.content
    assert Support.objects.filter(proposal=proposal).count() == 1
    response = client.post(
        reverse("consultations:unsupport", args=[proposal.pk]), HTTP_HX_REQUEST="true"
    )
    assert b"0 supports" in response.content
    proposal.refresh_from_db()
    assert proposal.support_count == 0


def test_support_needs_sign_in(client, consultation):
    proposal = ProposalFactory(consultation=consultation)
    response = client.post(reverse("consultations:support", args=[proposal.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    response = client.post(
        reverse("consultations:support", args=[proposal.pk]), HTTP_HX_REQUEST="true"
    )
    assert "login" in response["HX-Redirect"]
    assert not Support.objects.exists()


def test_budget_message_through_htmx(client, home_page, resident):
    consultation = make_consultation(supports_per_person=1)
    first, second = ProposalFactory.create_batch(2, consultation=consultation)
    client.force_login(resident)
    client.post(reverse("consultations:support", args=[first.pk]), HTTP_HX_REQUEST="true")
    response = client.post(
        reverse("consultations:support", args=[second.pk]), HTTP_HX_REQUEST="true"
    )
    assert b"used all 1" in response.content
    assert Support.objects.filter(user=resident).count() == 1


# Lists, sorting, filters, pagination ----------------------------------------------


def _titles(response):
    return [p.title for p in response.context["proposals"]]


def test_sorts_and_filters(client, consultation, organisation):
    low = ProposalFactory(consultation=consultation, title="Low")
    high = ProposalFactory(consultation=consultation, title="High", organisation=organisation)
    Proposal.objects.filter(pk=high.pk).update(support_count=0, status="adopted")
    for person in VerifiedUserFactory.create_batch(2):
        services.add_support(person, high)
    url = reverse("consultations:proposals", args=[consultation.pk])
    assert _titles(client.get(url)) == ["High", "Low"]
    assert _titles(client.get(url, {"sort": "newest"})) == ["High", "Low"]
    assert _titles(client.get(url, {"status": "adopted"})) == ["High"]
    assert _titles(client.get(url, {"organisation": organisation.slug})) == ["High"]
    assert low.title in _titles(client.get(url, {"status": "nonsense"}))


def test_random_order_is_stable_for_a_visitor(client, consultation):
    ProposalFactory.create_batch(30, consultation=consultation)
    url = reverse("consultations:proposals", args=[consultation.pk])
    first = _titles(client.get(url, {"sort": "random"}))
    again = _titles(client.get(url, {"sort": "random"}))
    assert first == again
    page_two = _titles(client.get(url, {"sort": "random", "page": 2}))
    assert not set(first) & set(page_two)


def test_goal_filter_across_consultations(client, home_page):
    from tests.factories.pledges import make_goal

    goal = make_goal("Everyone can walk to a park")
    served = make_consultation(title="Parks")
    served.goals.add(goal)
    served.save_revision().publish()
    ProposalFactory(consultation=served, title="More benches")
    ProposalFactory(consultation=make_consultation(title="Other"), title="Unrelated")
    response = client.get(reverse("consultations:all_proposals"), {"goal": goal.pk})
    assert _titles(response) == ["More benches"]


def test_deep_page_and_out_of_range_pages(client, consultation):
    ProposalFactory.create_batch(26, consultation=consultation)
    url = reverse("consultations:proposals", args=[consultation.pk])
    assert len(_titles(client.get(url, {"page": 2}))) == 1
    assert client.get(url, {"page": 99}).context["page_obj"].number == 2
    assert client.get(url, {"page": "x"}).context["page_obj"].number == 1


@pytest.mark.parametrize(
    "params",
    [
        {"status": "nonsense", "sort": "nonsense", "page": "abc"},
        {"organisation": "no-such-organisation", "goal": "abc", "page": "-1"},
        {"goal": "999999", "sort": "", "page": "0"},
        {"status": "", "organisation": "", "page": "99999999999999999999"},
    ],
    ids=["nonsense", "unknown-organisation-and-goal", "missing-goal", "huge-page"],
)
def test_bad_list_parameters_give_the_default_list(client, consultation, params):
    high = ProposalFactory(consultation=consultation, title="High")
    ProposalFactory(consultation=consultation, title="Low")  # the newest
    services.add_support(VerifiedUserFactory(), high)
    url = reverse("consultations:proposals", args=[consultation.pk])
    for list_url in (url, reverse("consultations:all_proposals")):
        response = client.get(list_url, params)
        assert response.status_code == 200
        assert _titles(response) == ["High", "Low"]  # unfiltered, most supported first
        assert response.context["sort"] == "supported"
        assert response.context["filters"] == {}
        assert response.context["page_obj"].number == 1


def test_unknown_filter_values_are_form_errors_of_the_filterset(client, consultation):
    ProposalFactory(consultation=consultation, title="Benches")
    url = reverse("consultations:proposals", args=[consultation.pk])
    response = client.get(url, {"status": "nonsense", "organisation": "nobody", "goal": "abc"})
    errors = response.context["filter"].form.errors
    assert set(errors) == {"status", "organisation", "goal"}
    assert _titles(response) == ["Benches"]


def test_an_unpublished_goal_filters_nothing(client, home_page):
    from tests.factories.pledges import make_goal

    goal = make_goal("Everyone can walk to a park")
    served = make_consultation(title="Parks")
    served.goals.add(goal)
    served.save_revision().publish()
    ProposalFactory(consultation=served, title="More benches")
    ProposalFactory(consultation=make_consultation(title="Other"), title="Unrelated")
    goal.unpublish()
    response = client.get(reverse("consultations:all_proposals"), {"goal": goal.pk})
    assert response.status_code == 200
    assert sorted(_titles(response)) == ["More benches", "Unrelated"]
    assert response.context["goal"] is None


def test_the_filterset_offers_the_statuses_and_sorts():
    from consultations.filters import SORTS, ProposalFilter

    form = ProposalFilter({}, queryset=Proposal.objects.all()).form
    status_choices = list(form.fields["status"].choices)
    assert status_choices[0] == ("", "Any status")
    assert status_choices[1:] == list(Proposal.Status.choices)
    assert [value for value, _label in form.fields["sort"].choices] == list(SORTS)
    assert list(SORTS) == ["supported", "newest", "random"]  # no empty choice: one is in effect


def test_the_random_seed_is_kept_in_the_session(client, consultation):
    from consultations.filters import SEED_SESSION_KEY

    ProposalFactory.create_batch(3, consultation=consultation)
    url = reverse("consultations:proposals", args=[consultation.pk])
    client.get(url, {"sort": "newest"})
    assert SEED_SESSION_KEY not in client.session  # only the random sort needs one
    client.get(url, {"sort": "random"})
    seed = client.session[SEED_SESSION_KEY]
    client.get(url, {"sort": "random", "page": 2})
    assert client.session[SEED_SESSION_KEY] == seed


def test_page_links_keep_the_filters_and_sort(client, consultation):
    ProposalFactory.create_batch(26, consultation=consultation, status="adopted")
    url = reverse("consultations:proposals", args=[consultation.pk])
    content = client.get(url, {"status": "adopted", "sort": "newest"}).content.decode()
    assert 'href="?status=adopted&amp;sort=newest&amp;page=2" rel="next"' in content


@pytest.mark.parametrize("count", [1, 50])
def test_proposal_list_query_budget(
    client, consultation, resident, count, django_assert_max_num_queries
):
    for proposal in ProposalFactory.create_batch(count, consultation=consultation):
        services.add_comment(resident, proposal, body="A comment")
        services.add_support(resident, proposal)
    client.force_login(resident)
    url = reverse("consultations:proposals", args=[consultation.pk])
    # The same at 1 and 50; the area filter's choices (places.selectors.area_choices)
    # are one query on a cold cache, as here, and none once kept. Rendered afresh (the
    # shared page off), the page's holes load the consultation, its phases and the
    # page's proposals once more (core.personal); from the shared page, a signed-in
    # person costs only the holes' queries (tests/core/test_shared_pages.py).
    with django_assert_max_num_queries(29):
        response = client.get(url, {"sort": "supported"})
    assert response.status_code == 200
    with django_assert_max_num_queries(26):
        client.get(reverse("consultations:all_proposals"), {"sort": "newest"})


def _queries(client, url, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_filtering_by_area_asks_nothing_more_than_the_whole_list(client, consultation, resident):
    """The area filter takes the cached area choices (places.selectors.area_choices):
    checking ``?area=`` and naming the chosen area cost no query, on the proposal list
    and on the consultations index alike."""
    from tests.factories.consultations import consultation_index
    from tests.factories.places import make_grid

    riverside, old_town = make_grid(2)
    consultation.areas.add(riverside)
    consultation.save_revision().publish()
    ProposalFactory(consultation=consultation, title="Benches by the river").areas.add(riverside)
    ProposalFactory(consultation=consultation, title="A market in the square").areas.add(old_town)
    client.force_login(resident)  # signed in: no page cache between the requests
    ideas = reverse("consultations:proposals", args=[consultation.pk])
    # Once each first: keeps the area choices, the site's root paths and each list's count.
    client.get(ideas)
    client.get(ideas, {"area": riverside.slug})

    everything, _page = _queries(client, ideas, {"sort": "newest"})
    filtered, page = _queries(client, ideas, {"sort": "newest", "area": riverside.slug})
    assert "Benches by the river" in page and "A market in the square" not in page
    assert filtered <= everything

    index = consultation_index().url
    everything, _page = _queries(client, index, {})
    filtered, page = _queries(client, index, {"area": old_town.slug})
    assert "Showing consultations about Grid ward 01" in page
    assert consultation.title not in page
    assert filtered <= everything
    unknown, page = _queries(client, index, {"area": "atlantis"})
    assert "Showing consultations about" not in page and consultation.title in page
    assert unknown <= everything
    assert unknown <= everything


@pytest.mark.parametrize("count", [1, 50])
def test_proposal_page_query_budget(
    client, consultation, resident, count, django_assert_max_num_queries
):
    proposal = ProposalFactory(consultation=consultation)
    people = VerifiedUserFactory.create_batch(min(count, 5))
    for index in range(count):
        top = services.add_comment(people[index % len(people)], proposal, body=f"Comment {index}")
        services.add_comment(resident, proposal, body=f"Reply {index}", parent=top)
    client.force_login(resident)
    # Cold: nothing kept yet (the site, the thread's page, its count, the user bar's check).
    with django_assert_max_num_queries(27):
        response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Comment {count - 1}" in page and f"Reply {count - 1}" in page
    # Warm: the person, the proposal and its phases, what is theirs, the page's comments.
    with django_assert_max_num_queries(14):
        assert client.get(proposal.get_absolute_url()).status_code == 200


# What the proposal page shows ------------------------------------------------------


def test_hidden_items_show_the_moderators_reason(client, consultation, moderator, resident):
    proposal = ProposalFactory(consultation=consultation, title="Rude title")
    comment = services.add_comment(resident, proposal, body="Nasty words")
    services.moderate(moderator, comment, action="hide", reason=Report.Reason.ABUSIVE)
    services.moderate(moderator, proposal, action="hide", reason=Report.Reason.SPAM)
    response = client.get(proposal.get_absolute_url())
    content = response.content.decode()
    assert "Hidden by a moderator: Spam or advertising" in content
    assert "Hidden by a moderator: Abusive, hateful or threatening" in content
    assert "Nasty words" not in content
    assert "Rude title" not in content
    client.force_login(proposal.author)
    assert "Rude title" in client.get(proposal.get_absolute_url()).content.decode()


def test_pending_and_rejected_proposals_are_not_public(client, consultation, moderator):
    pending = ProposalFactory(consultation=consultation, moderation_state=ModerationState.PENDING)
    assert client.get(pending.get_absolute_url()).status_code == 404
    client.force_login(pending.author)
    assert client.get(pending.get_absolute_url()).status_code == 200
    sign_in_to_admin(client, moderator)  # staff powers need the second factor
    assert client.get(pending.get_absolute_url()).status_code == 200


def test_resident_text_is_escaped_and_linked(client, consultation):
    proposal = ProposalFactory(
        consultation=consultation, body="<script>alert(1)</script>\nSee https://example.org/x"
    )
    content = client.get(proposal.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;" in content
    assert '<a rel="nofollow ugc noopener" href="https://example.org/x">' in content
    assert "<br>" in content


def test_comment_and_reply_through_the_view(client, consultation, resident):
    proposal = ProposalFactory(consultation=consultation)
    client.force_login(resident)
    url = reverse("consultations:comment", args=[proposal.pk])
    response = client.post(url, {"body": "Great idea"})
    assert response.status_code == 302
    top = Comment.objects.get()
    client.post(url, {"body": "Thanks", "parent": top.pk})
    assert Comment.objects.get(body="Thanks").parent == top
    assert client.post(url, {"body": ""}).status_code == 400
    assert client.post(url, {"body": "y" * 50_000}).status_code == 400
    assert client.post(url, {"body": "Hi", "parent": 987654}).status_code == 400
    assert Comment.objects.count() == 2
    content = client.get(proposal.get_absolute_url()).content.decode()
    assert "Great idea" in content and "Thanks" in content


def test_report_form_uses_policy_reasons(client, consultation, resident):
    proposal = ProposalFactory(consultation=consultation)
    client.force_login(resident)
    url = reverse("consultations:report_proposal", args=[proposal.pk])
    page = client.get(url).content.decode()
    assert "Spam or advertising" in page
    assert client.post(url, {"reason": "made-up"}).status_code == 400
    assert not Report.objects.exists()
    assert client.post(url, {"reason": "spam"}).status_code == 302
    assert client.post(url, {"reason": "spam"}).status_code in (302, 403)
    assert Report.objects.count() == 1


def test_edit_and_withdraw_through_views(client, consultation, resident):
    proposal = services.submit_proposal(resident, consultation, title="Old", body="Body")
    client.force_login(resident)
    response = client.post(
        reverse("consultations:edit_proposal", args=[proposal.pk]), {"title": "New", "body": "B2"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "New"
    other = VerifiedUserFactory()
    client.force_login(other)
    assert client.get(reverse("consultations:edit_proposal", args=[proposal.pk])).status_code == 403
    client.force_login(resident)
    client.post(reverse("consultations:withdraw_proposal", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.withdrawn_at is not None


# Pages, follow, unsubscribe, open data ----------------------------------------------


def test_consultation_page_shows_timeline_and_next_phase(client, consultation):
    ProposalFactory(consultation=consultation, title="Top idea")
    response = client.get(consultation.url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Open now" in content
    assert "Responses" in content and "opens on" in content
    assert "Top idea" in content
    assert "People taking part" in content and "<svg" in content


def test_index_lists_open_upcoming_and_closed(client, home_page):
    now = timezone.now()
    make_consultation(title="Open one")
    make_consultation(
        title="Upcoming one",
        phases={Action.PROPOSE: (now + timedelta(days=3), now + timedelta(days=9))},
    )
    make_consultation(
        title="Closed one",
        phases={Action.PROPOSE: (now - timedelta(days=9), now - timedelta(days=3))},
    )
    from consultations.models import ConsultationIndexPage

    response = client.get(ConsultationIndexPage.objects.get().url)
    ctx = response.context
    assert [c.title for c in ctx["open_consultations"]] == ["Open one"]
    assert [c.title for c in ctx["upcoming_consultations"]] == ["Upcoming one"]
    assert [c.title for c in ctx["closed_consultations"]] == ["Closed one"]


def test_follow_and_one_click_unsubscribe(client, consultation, resident):
    from accounts.models import Follow
    from consultations import unsubscribe

    client.force_login(resident)
    client.post(reverse("consultations:follow", args=[consultation.pk]))
    client.post(reverse("consultations:follow", args=[consultation.pk]))
    assert Follow.objects.filter(user=resident, page=consultation).count() == 1
    client.logout()
    token = unsubscribe.LINK.token(resident, k="follow", p=consultation.pk)
    url = reverse("consultations:unsubscribe", args=[token])
    assert client.get(url).status_code == 200
    assert Follow.objects.filter(user=resident).exists()  # GET changes nothing
    assert client.post(url).status_code == 200
    assert not Follow.objects.filter(user=resident).exists()
    assert client.post(url[:-5] + "xxxx/").status_code == 400


def test_proposals_csv_has_no_personal_data(client, consultation, moderator):
    proposal = ProposalFactory(consultation=consultation, title="Visible idea")
    hidden = ProposalFactory(consultation=consultation, title="Hidden idea")
    services.moderate(moderator, hidden, action="hide", reason="spam")
    response = client.get(reverse("data:proposals_csv"))
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode()
    assert body.splitlines()[0].startswith("id,url,consultation,title,organisation,status")
    # Each row names the proposal and its public address on SITE_URL.
    from django.conf import settings

    assert f"{proposal.pk},{settings.SITE_URL}/take-part/ideas/{proposal.pk}/," in body
    assert "Visible idea" in body and "Hidden idea" not in body
    assert proposal.author.email not in body and proposal.author.display_name not in body
    index = client.get(reverse("data:index")).content.decode()
    assert reverse("data:proposals_csv") in index


def test_a_visitor_is_not_told_how_many_supports_they_have_left(client, consultation):
    consultation.supports_per_person = 5
    consultation.save_revision().publish()
    page = client.get(consultation.url).content.decode()
    assert "supports left" not in page


def test_an_upcoming_consultation_offers_a_visitor_sign_in_to_follow(client, home_page):
    from datetime import timedelta

    from django.utils import timezone

    from consultations.models import Action
    from tests.factories import make_consultation

    now = timezone.now()
    upcoming = make_consultation(
        phases={Action.PROPOSE: (now + timedelta(days=3), now + timedelta(days=10))}
    )
    page = client.get(upcoming.url).content.decode()
    assert "Sign in to follow this consultation" in page
    assert f"/accounts/login/?next={upcoming.url}" in page.replace("%2F", "/")
