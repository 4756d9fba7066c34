"""The organisations directory and each organisation's public page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from organisations.models import Organisation
from tests.factories.goals import MembershipFactory, OrganisationFactory, create_goal
from tests.factories.places import make_grid

DIRECTORY_BUDGET = 15
DETAIL_BUDGET = 16


def test_directory_lists_filters_and_searches(client, db):
    OrganisationFactory(name="Lowbridge NHS Foundation Trust", kind="health")
    OrganisationFactory(name="Lowbridge Cycle Hub", kind="voluntary")
    OrganisationFactory(name="St Anne's Academy", kind="education")
    url = reverse("organisations:index")
    html = client.get(url).content.decode()
    assert "3 organisations" in html
    by_kind = client.get(url, {"kind": "health"}).content.decode()
    assert "NHS Foundation Trust" in by_kind and "Cycle Hub" not in by_kind
    by_name = client.get(url, {"q": "cycle"}).content.decode()
    assert "Cycle Hub" in by_name and "Academy" not in by_name
    # An unknown kind is ignored, not an error.
    assert client.get(url, {"kind": "pirates"}).status_code == 200
    assert "No organisation matches" in client.get(url, {"q": "zzz"}).content.decode()


def test_directory_empty_state(client, db):
    html = client.get(reverse("organisations:index")).content.decode()
    assert "No organisations have joined yet" in html


def test_directory_paginates_and_keeps_the_filters(client, db):
    for n in range(30):
        OrganisationFactory(name=f"Residents group {n:02d}", kind="residents")
    html = client.get(reverse("organisations:index"), {"kind": "residents"}).content.decode()
    assert "Page 1 of 2" in html
    assert "kind=residents&amp;page=2" in html or "page=2&amp;kind=residents" in html


@pytest.mark.parametrize("count", [1, 50])
def test_directory_query_budget(client, db, count, django_assert_max_num_queries):
    partner_goal_owner = None
    for n in range(count):
        partner_goal_owner = OrganisationFactory(name=f"Partner {n:02d}")
    with django_assert_max_num_queries(DIRECTORY_BUDGET):
        response = client.get(reverse("organisations:index"))
    assert response.status_code == 200
    assert partner_goal_owner is not None


def test_organisation_page_shows_goals_and_chosen_members(client, home_page):
    council = OrganisationFactory(name="Lowbridge City Council", kind="public")
    rivers = OrganisationFactory(name="Wyre Rivers Trust")
    create_goal("Rivers clean enough to swim in", co_owners=[rivers], convened_by=council)
    hidden_goal = create_goal("A draft goal", co_owners=[rivers])
    hidden_goal.unpublish()
    shown = MembershipFactory(
        organisation=rivers, show_publicly=True, user__display_name="Ola Shown"
    )
    MembershipFactory(organisation=rivers, show_publicly=False, user__display_name="Hidden Person")
    MembershipFactory(
        organisation=rivers,
        show_publicly=True,
        status="requested",
        user__display_name="Waiting Person",
    )
    gone = MembershipFactory(organisation=rivers, show_publicly=True)
    gone.user.anonymised_at = timezone.now()
    gone.user.save()

    html = client.get(rivers.get_absolute_url()).content.decode()
    assert "Rivers clean enough to swim in" in html
    assert "A draft goal" not in html
    assert shown.user.public_name in html
    assert "Hidden Person" not in html and "Waiting Person" not in html
    assert "a former participant" not in html
    assert "3 members" in html  # active members, shown or not
    assert shown.user.email not in html

    council_html = client.get(council.get_absolute_url()).content.decode()
    assert "Goals it convenes" in council_html


def test_organisation_page_offers_to_join_or_manage(client, home_page, resident):
    org = OrganisationFactory(name="Lowbridge Food Network")
    url = org.get_absolute_url()
    assert "Sign in" in client.get(url).content.decode()
    client.force_login(resident)
    assert "Ask to join Lowbridge Food Network" in client.get(url).content.decode()
    admin = MembershipFactory(organisation=org, role="admin").user
    client.force_login(admin)
    assert "Manage members" in client.get(url).content.decode()


def test_unknown_organisation_is_404(client, db):
    assert client.get("/organisations/no-such-group/").status_code == 404


@pytest.mark.parametrize("members", [1, 50])
def test_organisation_page_query_budget(client, home_page, members, django_assert_max_num_queries):
    org = OrganisationFactory(name="Busy Group")
    org.areas.add(*make_grid(min(members, 20)))  # the areas it is based in: one query
    for n in range(members):
        MembershipFactory(organisation=org, show_publicly=True)
        create_goal(f"Goal {n}", co_owners=[org]) if n < 5 else None
    client.get(org.get_absolute_url())
    with django_assert_max_num_queries(DETAIL_BUDGET):
        response = client.get(org.get_absolute_url())
    assert response.status_code == 200


def test_reserved_slugs_are_refused(db):
    org = Organisation(name="Mine", slug="mine", kind="voluntary")
    with pytest.raises(ValidationError):
        org.full_clean()


def test_organisation_snippet_admin_lists_and_filters(client, db):
    from tests.factories import VerifiedUserFactory
    from tests.mfa import sign_in_to_admin

    OrganisationFactory(name="Lowbridge College", kind="education")
    OrganisationFactory(name="Canalside Makers", kind="business")
    sign_in_to_admin(client, VerifiedUserFactory(is_staff=True, is_superuser=True))
    url = reverse("wagtailsnippets_organisations_organisation:list")
    html = client.get(url, {"kind": "education"}).content.decode()
    assert "Lowbridge College" in html and "Canalside Makers" not in html
    assert client.get(reverse("wagtailsnippets_goals_indicator:list")).status_code == 200
    assert client.get(reverse("wagtailsnippets_goals_theme:list")).status_code == 200


def test_an_organisation_based_in_areas_links_them_and_their_pages_list_it(client, home_page):
    riverside, old_town, quiet = make_grid(3)
    rivers = OrganisationFactory(name="Wyre Rivers Trust")
    rivers.areas.add(old_town, riverside)
    OrganisationFactory(name="Lowbridge City Council", kind="public")  # the whole place's

    page = client.get(rivers.get_absolute_url()).content.decode()
    based = page[page.index("Based in") :]
    based = based[: based.index("</p>")]
    assert based.index("Grid ward 00") < based.index("Grid ward 01")  # by name
    assert f'<a href="{riverside.get_absolute_url()}">Grid ward 00</a>' in based
    assert f'<a href="{old_town.get_absolute_url()}">Grid ward 01</a>' in based
    council_page = client.get("/organisations/lowbridge-city-council/").content.decode()
    assert "Based in" not in council_page

    area_page = client.get(riverside.get_absolute_url()).content.decode()
    assert ">Organisations based here</h2>" in area_page
    assert f'<a href="{rivers.get_absolute_url()}">Wyre Rivers Trust</a>' in area_page
    assert "Lowbridge City Council" not in area_page
    empty = client.get(quiet.get_absolute_url()).content.decode()
    assert "No organisation has said it is based in this area yet." in empty


def test_an_area_lists_ten_organisations_and_links_the_directory_for_the_rest(client, db):
    crowded, full = make_grid(2)
    for n in range(11):
        OrganisationFactory(name=f"Group {n:02d}").areas.add(crowded)
    for n in range(10):
        OrganisationFactory(name=f"Club {n:02d}").areas.add(full)

    page = client.get(crowded.get_absolute_url()).content.decode()
    section = page[page.index('id="area_organisations-heading"') :]
    section = section[: section.index("</section>")]
    assert section.count("<li>") == 10 and "Group 09" in section and "Group 10" not in section
    more = reverse("organisations:index") + f"?area={crowded.slug}"
    assert f'<a href="{more}">All organisations based here</a>' in section
    # Ten of ten: the list is all there is, so no link to more.
    page = client.get(full.get_absolute_url()).content.decode()
    section = page[page.index('id="area_organisations-heading"') :]
    section = section[: section.index("</section>")]
    assert section.count("<li>") == 10 and "All organisations based here" not in section

    directory = client.get(more).content.decode()
    assert "11 organisations" in directory and "Club 00" not in directory
    assert f'<option value="{crowded.slug}" selected>' in directory
    unknown = client.get(reverse("organisations:index"), {"area": "atlantis"})
    assert "21 organisations" in unknown.content.decode()  # ignored, not refused


def test_convenor_places_an_organisation_in_areas_in_the_admin(client, db):
    from tests.factories import VerifiedUserFactory
    from tests.mfa import sign_in_to_admin

    riverside, old_town = make_grid(2)
    sign_in_to_admin(client, VerifiedUserFactory(is_staff=True, is_superuser=True))
    form = client.get(reverse("wagtailsnippets_organisations_organisation:add")).content.decode()
    assert "Based in" in form and f'value="{riverside.pk}"' in form
    response = client.post(
        reverse("wagtailsnippets_organisations_organisation:add"),
        {
            "name": "Riverside Residents",
            "slug": "riverside-residents",
            "kind": "residents",
            "description": "",
            "website": "",
            "areas": [riverside.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    org = Organisation.objects.get(slug="riverside-residents")
    assert list(org.areas.all()) == [riverside]
    edit = reverse("wagtailsnippets_organisations_organisation:edit", args=[org.pk])
    response = client.post(
        edit,
        {
            "name": org.name,
            "slug": org.slug,
            "kind": org.kind,
            "description": "",
            "website": "",
            "areas": [riverside.pk, old_town.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(org.areas.all()) == {riverside, old_town}


def test_convenor_creates_an_organisation_in_the_admin_with_a_revision(client, db):
    from tests.factories import VerifiedUserFactory
    from tests.mfa import sign_in_to_admin

    sign_in_to_admin(client, VerifiedUserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("wagtailsnippets_organisations_organisation:add"),
        {
            "name": "Lowbridge Hospice",
            "slug": "lowbridge-hospice",
            "kind": "health",
            "description": "Care at the end of life.",
            "website": "",
            "verified": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    org = Organisation.objects.get(slug="lowbridge-hospice")
    assert org.verified
    assert org.latest_revision is not None
