"""The pledge wall: filters, sorting, pagination, counts, and query budgets that do not
grow with the number of pledges."""

import pytest
from django.urls import reverse

from organisations.models import Organisation
from pledges.models import Pledge
from pledges.selectors import pledge_counts_for
from tests.factories import (
    ConditionalPledgeFactory,
    PledgeFactory,
    PledgeJoinFactory,
    PledgeUpdateFactory,
    VerifiedUserFactory,
)
from tests.factories.goals import OrganisationFactory
from tests.factories.pledges import make_goal

pytestmark = pytest.mark.django_db


def _wall(goal):
    return reverse("pledges:goal", kwargs={"slug": goal.slug})


def _fill(goal, n, viewer):
    """n pledges of every shape: individual, organisation, conditional (joined by the
    viewer), with updates."""
    organisations = [
        OrganisationFactory(name=f"Org {kind}", kind=kind)
        for kind in (Organisation.Kind.BUSINESS, Organisation.Kind.HEALTH)
    ]
    authors = [VerifiedUserFactory() for _ in range(3)]  # hashing passwords is slow
    for i in range(n):
        author = authors[i % 3]
        if i % 3 == 0:
            pledge = ConditionalPledgeFactory(goal=goal, threshold=5, author=author)
            PledgeJoinFactory(pledge=pledge, user=viewer)
        elif i % 3 == 1:
            pledge = PledgeFactory(goal=goal, organisation=organisations[i % 2], author=author)
        else:
            pledge = PledgeFactory(goal=goal, show_name=False, author=author)
        PledgeUpdateFactory(pledge=pledge)


@pytest.mark.parametrize("n", [1, 100])
def test_wall_page_query_budget_holds_at_1_and_100(client, goal, django_assert_max_num_queries, n):
    viewer = VerifiedUserFactory()
    _fill(goal, n, viewer)
    client.force_login(viewer)
    client.get(_wall(goal))  # warm the site-root cache
    with django_assert_max_num_queries(18):
        response = client.get(_wall(goal))
    assert response.status_code == 200
    with django_assert_max_num_queries(18):
        client.get(_wall(goal), {"pledges_sort": "joined", "pledges_kind": "business"})


@pytest.mark.parametrize("n", [1, 100])
def test_goal_page_and_index_query_budget_hold_at_1_and_100(
    client, goal, django_assert_max_num_queries, n
):
    viewer = VerifiedUserFactory()
    _fill(goal, n, viewer)
    client.force_login(viewer)
    client.get(goal.url)
    with django_assert_max_num_queries(34):
        response = client.get(goal.url)
    assert response.status_code == 200
    assert "Make a pledge" in response.content.decode()
    index = goal.get_parent()
    with django_assert_max_num_queries(25):
        response = client.get(index.url)
    assert response.status_code == 200


def test_index_counts_come_from_one_query(goal, django_assert_num_queries):
    other = make_goal("Warm homes")
    person = VerifiedUserFactory()
    organisation = OrganisationFactory()
    PledgeFactory(goal=goal, author=person)
    PledgeFactory(goal=goal, author=person, status=Pledge.Status.MET)
    PledgeFactory(goal=goal, organisation=organisation)
    PledgeFactory(goal=goal, status=Pledge.Status.WITHDRAWN)
    with django_assert_num_queries(1):
        counts = pledge_counts_for([goal.pk, other.pk])
    assert counts[goal.pk] == {"pledges": 3, "people": 1, "organisations": 1, "met": 1}
    assert counts[other.pk] == {"pledges": 0, "people": 0, "organisations": 0, "met": 0}


def test_goal_index_shows_counts(client, goal):
    PledgeFactory(goal=goal, status=Pledge.Status.MET)
    content = client.get(goal.get_parent().url).content.decode()
    assert "Pledges" in content
    assert "Met" in content


def test_filters_and_sorting(client, goal):
    business = OrganisationFactory(name="Lowbridge Bakery", kind=Organisation.Kind.BUSINESS)
    PledgeFactory(goal=goal, text="Individual active pledge")
    PledgeFactory(goal=goal, text="Bakery met pledge", organisation=business, status="met")
    popular = ConditionalPledgeFactory(goal=goal, text="Popular conditional pledge")
    Pledge.objects.filter(pk=popular.pk).update(join_count=7)

    def texts(**params):
        return client.get(_wall(goal), params).content.decode()

    met = texts(pledges_status="met")
    assert "Bakery met pledge" in met
    assert "Individual active pledge" not in met
    business_only = texts(pledges_kind="business")
    assert "Bakery met pledge" in business_only
    assert "Individual active pledge" not in business_only
    individuals = texts(pledges_kind="individual")
    assert "Individual active pledge" in individuals
    assert "Bakery met pledge" not in individuals
    waiting = texts(pledges_status="waiting")
    assert "Popular conditional pledge" in waiting
    assert "Individual active pledge" not in waiting
    joined = texts(pledges_sort="joined")
    assert joined.index("Popular conditional pledge") < joined.index("Individual active pledge")
    newest = texts()
    assert newest.index("Popular conditional pledge") < newest.index("Bakery met pledge")
    nothing = texts(pledges_status="missed")
    assert "No pledges match these filters" in nothing
    # Nonsense filters fall back to the defaults instead of failing.
    assert client.get(_wall(goal), {"pledges_status": "x", "pledges_page": "zz"}).status_code == 200


def test_wall_paginates(client, goal):
    for i in range(12):
        PledgeFactory(goal=goal, text=f"Pledge number {i:02d}")
    first = client.get(_wall(goal)).content.decode()
    assert "Page 1 of 2" in first
    assert "Pledge number 11" in first
    assert "Pledge number 00" not in first
    second = client.get(_wall(goal), {"pledges_page": 2}).content.decode()
    assert "Pledge number 00" in second


def test_empty_states_say_what_to_do(client, goal):
    content = client.get(_wall(goal)).content.decode()
    assert "Be the first" in content
    assert "Make a pledge" in content


def test_all_pledges_and_goal_redirect(client, goal):
    PledgeFactory(goal=goal, text="Across the city")
    response = client.get(reverse("pledges:index"), {"goal": goal.pk})
    assert response.status_code == 302
    assert response["Location"] == _wall(goal)
    assert client.get(reverse("pledges:index"), {"goal": "abc"}).status_code == 404
    assert "Across the city" in client.get(reverse("pledges:index")).content.decode()


def test_pledges_to_unpublished_goals_are_hidden(client, home_page):
    draft = make_goal("Draft goal", live=False)
    pledge = PledgeFactory(goal=draft, text="Hidden pledge")
    assert client.get(pledge.get_absolute_url()).status_code == 404
    assert "Hidden pledge" not in client.get(reverse("pledges:index")).content.decode()


def test_my_pledges_lists_made_and_joined(client, goal, resident):
    PledgeFactory(goal=goal, author=resident, text="Mine to do")
    joined = ConditionalPledgeFactory(goal=goal, text="Theirs I joined")
    PledgeJoinFactory(pledge=joined, user=resident)
    PledgeFactory(goal=goal, text="Not mine at all")
    client.force_login(resident)
    content = client.get(reverse("pledges:mine")).content.decode()
    assert "Mine to do" in content
    assert "Theirs I joined" in content
    assert "Not mine at all" not in content


def test_organisation_pledges_on_its_page_and_wall(client, goal, organisation, org_member):
    PledgeFactory(goal=goal, organisation=organisation, author=org_member, text="Org pledge")
    PledgeFactory(goal=goal, text="Someone else's pledge")
    content = client.get(organisation.get_absolute_url()).content.decode()
    assert "Org pledge" in content
    assert "Someone else" not in content
    wall = client.get(reverse("pledges:organisation", kwargs={"slug": organisation.slug}))
    assert "Org pledge" in wall.content.decode()


def test_consultation_page_shows_pledges_made_from_it(client, goal, resident):
    from consultations.models import ConsultationPage

    consultation = goal.add_child(
        instance=ConsultationPage(title="Air quality ideas", slug="air-ideas", question="How?")
    )
    PledgeFactory(goal=goal, made_from=consultation, text="Pledged from the consultation")
    PledgeFactory(goal=goal, text="Pledged from the goal")
    content = client.get(consultation.url).content.decode()
    assert "Pledged from the consultation" in content
    assert "Pledged from the goal" not in content
    assert f"?from={consultation.pk}" in content


@pytest.mark.parametrize(
    "params",
    [
        {"pledges_status": "nonsense"},
        {"pledges_kind": "<script>alert(1)</script>"},
        {"pledges_sort": "random'--"},
        {"pledges_status": "", "pledges_kind": "", "pledges_sort": ""},
        {"pledges_page": "-1"},
        {"pledges_page": "999"},
    ],
)
def test_a_bad_filter_value_is_ignored_on_every_wall(client, goal, organisation, params):
    PledgeFactory(goal=goal, text="An individual pledge")
    PledgeFactory(goal=goal, organisation=organisation, text="An organisation's pledge")
    for url in (_wall(goal), reverse("pledges:index"), goal.url):
        response = client.get(url, params)
        content = response.content.decode()
        assert response.status_code == 200, url
        assert "An individual pledge" in content, url
        assert "An organisation&#x27;s pledge" in content, url
        assert "No pledges match these filters" not in content, url
        assert "<script>alert(1)</script>" not in content, url
    wall = client.get(reverse("pledges:organisation", kwargs={"slug": organisation.slug}), params)
    assert wall.status_code == 200
    assert "An organisation&#x27;s pledge" in wall.content.decode()


def test_a_bad_status_keeps_the_other_filters(client, goal):
    business = OrganisationFactory(name="Lowbridge Bakery", kind=Organisation.Kind.BUSINESS)
    PledgeFactory(goal=goal, text="Individual active pledge")
    PledgeFactory(goal=goal, text="Bakery met pledge", organisation=business, status="met")
    content = client.get(
        _wall(goal), {"pledges_status": "x", "pledges_kind": "business"}
    ).content.decode()
    assert "Bakery met pledge" in content
    assert "Individual active pledge" not in content
    # The chosen kind stays selected in the form; the bad status falls back to "any".
    assert '<option value="business" selected>' in content
    assert '<option value="" selected>Any status</option>' in content


def test_the_wall_form_shows_what_is_chosen(client, goal):
    content = client.get(
        _wall(goal), {"pledges_status": "overdue", "pledges_sort": "joined"}
    ).content.decode()
    assert '<option value="overdue" selected>' in content
    assert '<option value="joined" selected>' in content
    assert "No pledges match these filters" in content


def test_my_pledges_paginates(client, goal, resident):
    for i in range(12):
        PledgeFactory(goal=goal, author=resident, text=f"My pledge number {i:02d}")
    client.force_login(resident)
    first = client.get(reverse("pledges:mine")).content.decode()
    assert "Page 1 of 2" in first
    assert "My pledge number 11" in first
    assert "My pledge number 00" not in first
    second = client.get(reverse("pledges:mine"), {"page": 2}).content.decode()
    assert "My pledge number 00" in second
    assert client.get(reverse("pledges:mine"), {"page": "zz"}).status_code == 200
