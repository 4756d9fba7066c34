"""Making a pledge: who may, on whose behalf, and what is recorded."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations.models import Organisation
from pledges.models import Pledge
from tests.factories import VerifiedUserFactory
from tests.factories.goals import MembershipFactory, OrganisationFactory
from tests.factories.pledges import make_goal

pytestmark = pytest.mark.django_db


def _url(goal, **query):
    url = reverse("pledges:new", kwargs={"slug": goal.slug})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def _data(**overrides):
    data = {"text": "We will run a monthly litter pick on Mill Lane.", "show_name": "yes"}
    data.update(overrides)
    return data


def test_anonymous_is_sent_to_sign_in(client, goal):
    response = client.get(_url(goal))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_unverified_person_may_not_pledge(client, goal, unverified_user):
    client.force_login(unverified_user)
    response = client.post(_url(goal), _data())
    assert response.status_code == 403
    assert not Pledge.objects.exists()


def test_resident_pledges_as_themselves(client, goal, resident):
    client.force_login(resident)
    response = client.get(_url(goal))
    assert response.status_code == 200
    assert b"Who is making this pledge?" not in response.content  # no organisations to offer

    response = client.post(_url(goal), _data(due_date="2099-01-31"))

    pledge = Pledge.objects.get()
    assert response.status_code == 302
    assert response["Location"] == pledge.get_absolute_url()
    assert pledge.author == resident
    assert pledge.organisation is None
    assert pledge.goal_id == goal.pk
    assert pledge.made_from_id == goal.pk
    assert pledge.due_date == datetime.date(2099, 1, 31)
    assert pledge.status == Pledge.Status.ACTIVE
    assert pledge.condition == Pledge.Condition.NONE


def test_pledge_from_a_consultation_records_the_page(client, goal, resident):
    from consultations.models import ConsultationPage

    consultation = goal.add_child(
        instance=ConsultationPage(title="Cleaner air: your ideas", slug="air", question="How?")
    )
    client.force_login(resident)
    response = client.get(_url(goal, **{"from": consultation.pk}))
    assert "Cleaner air: your ideas" in response.content.decode()

    client.post(_url(goal), _data(made_from=consultation.pk))

    assert Pledge.objects.get().made_from_id == consultation.pk


def test_unrelated_made_from_is_recorded_as_the_goal(client, goal, resident):
    other = make_goal("Warm homes")
    client.force_login(resident)
    client.post(_url(goal), _data(made_from=other.pk))
    assert Pledge.objects.get().made_from_id == goal.pk


def test_member_pledges_on_behalf_of_their_organisation(client, goal, organisation, org_member):
    client.force_login(org_member)
    response = client.get(_url(goal))
    assert organisation.name in response.content.decode()

    client.post(_url(goal), _data(organisation=organisation.pk, show_name="no"))

    pledge = Pledge.objects.get()
    assert pledge.organisation == organisation
    assert pledge.author == org_member


@pytest.mark.parametrize("case", ["not_a_member", "requested_only", "missing"])
def test_forged_organisation_is_refused_with_403_and_nothing_saved(client, goal, resident, case):
    organisation = OrganisationFactory(name="Lowbridge Hospital", kind="health")
    if case == "requested_only":
        MembershipFactory(user=resident, organisation=organisation, requested=True)
    organisation_id = organisation.pk if case != "missing" else 999_999
    client.force_login(resident)

    response = client.post(_url(goal), _data(organisation=organisation_id))

    assert response.status_code == 403
    assert "active member" in response.content.decode()
    assert not Pledge.objects.exists()


def test_member_of_one_organisation_cannot_pledge_for_another(client, goal, org_member):
    other = OrganisationFactory(name="Lowbridge Chamber", kind=Organisation.Kind.BUSINESS)
    client.force_login(org_member)
    response = client.post(_url(goal), _data(organisation=other.pk))
    assert response.status_code == 403
    assert not Pledge.objects.exists()


def test_service_refuses_a_non_member_too(goal, resident, organisation):
    from core.exceptions import ActionRefused
    from pledges.services import make_pledge

    with pytest.raises(ActionRefused):
        make_pledge(resident, goal, text="We will", organisation=organisation)
    assert not Pledge.objects.exists()


def test_honeypot_refuses_bots(client, goal, resident):
    client.force_login(resident)
    response = client.post(_url(goal), _data(website_url="http://spam.example"))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Pledge.objects.exists()


def test_form_errors_are_summarised_and_nothing_saved(client, goal, resident):
    client.force_login(resident)
    response = client.post(_url(goal), _data(text="", due_date="2001-01-01"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "The due date must be today or later." in content
    assert not Pledge.objects.exists()


def test_conditional_pledge_needs_number_and_date(client, goal, resident):
    client.force_login(resident)
    response = client.post(_url(goal), _data(conditional="on"))
    content = response.content.decode()
    assert "Enter how many others must join." in content
    assert "Enter the date by which they must join." in content
    assert not Pledge.objects.exists()

    deadline = timezone.localdate() + datetime.timedelta(days=20)
    client.post(_url(goal), _data(conditional="on", threshold=10, join_deadline=deadline))
    pledge = Pledge.objects.get()
    assert pledge.condition == Pledge.Condition.OPEN
    assert (pledge.threshold, pledge.join_deadline) == (10, deadline)


def test_ambition_must_belong_to_the_goal(client, goal, resident):
    from goals.models import Ambition

    other = make_goal("Warm homes")
    foreign = Ambition.objects.create(goal=other, title="Insulate 5,000 homes")
    own = Ambition.objects.create(goal=goal, title="Halve NO2 near schools")
    client.force_login(resident)

    response = client.post(_url(goal), _data(ambition=foreign.pk))
    assert response.status_code == 200
    assert not Pledge.objects.exists()

    client.post(_url(goal), _data(ambition=own.pk))
    assert Pledge.objects.get().ambition == own


def test_double_click_makes_one_pledge(client, goal, resident):
    client.force_login(resident)
    client.post(_url(goal), _data())
    client.post(_url(goal), _data())
    assert Pledge.objects.count() == 1


def test_unpublished_goal_cannot_be_pledged_to(client, resident, home_page):
    draft = make_goal("Secret plans", live=False)
    client.force_login(resident)
    assert client.get(_url(draft)).status_code == 404


def test_a_second_member_sees_only_their_own_organisations(client, goal, organisation):
    person = VerifiedUserFactory()
    mine = OrganisationFactory(name="Lowbridge Cyclists")
    MembershipFactory(user=person, organisation=mine)
    client.force_login(person)
    content = client.get(_url(goal)).content.decode()
    assert "Lowbridge Cyclists" in content
    assert organisation.name not in content


def test_the_same_pledge_again_after_the_repeat_window_is_a_new_pledge(client, goal, resident):
    from core.locks import REPEAT_WINDOW

    client.force_login(resident)
    client.post(_url(goal), _data())
    Pledge.objects.update(created_at=timezone.now() - REPEAT_WINDOW - datetime.timedelta(1))
    client.post(_url(goal), _data())
    assert Pledge.objects.count() == 2


def test_an_unverified_person_sees_the_refusal_page(client, goal, unverified_user):
    client.force_login(unverified_user)
    response = client.get(_url(goal))
    assert response.status_code == 403
    assert "core/refused.html" in [template.name for template in response.templates]
    assert "Verify your email address first" in response.content.decode()


def test_an_anonymised_account_may_not_pledge(goal, resident):
    from core.exceptions import ActionRefused
    from pledges import permissions as perms
    from pledges.services import make_pledge

    resident.anonymised_at = timezone.now()
    resident.save()
    assert not perms.can_pledge(resident)
    with pytest.raises(ActionRefused):
        make_pledge(resident, goal, text="We will")
    assert not Pledge.objects.exists()


def test_myself_is_offered_beside_each_organisation_and_can_be_chosen_back(
    client, goal, organisation, org_member
):
    """The "who is making this pledge" radios (#13): "myself" sits beside each
    organisation the person speaks for, checked first; a person who chose an
    organisation and is shown the form again (an error elsewhere) can choose back."""
    second = OrganisationFactory(name="Mill Lane Residents", kind="residents")
    MembershipFactory(user=org_member, organisation=second)
    client.force_login(org_member)
    html = client.get(_url(goal)).content.decode()
    assert 'name="organisation" value="" ' in html
    assert "Myself, as an individual" in html
    assert html.index('value=""') < html.index(f'value="{organisation.pk}"')
    assert 'value="" dir="auto"' not in html  # a radio, not a text box
    checked = html.split('name="organisation" value=""', 1)[1].split(">", 1)[0]
    assert "checked" in checked

    # As the organisation, with a mistake elsewhere: shown again, the organisation chosen.
    again = client.post(_url(goal), _data(organisation=organisation.pk, due_date="31/02/2099"))
    assert again.status_code == 200
    html = again.content.decode()
    chosen = html.split(f'name="organisation" value="{organisation.pk}"', 1)[1].split(">", 1)[0]
    assert "checked" in chosen
    assert "Myself, as an individual" in html
    # Changed back to myself: the pledge is the person's own.
    response = client.post(_url(goal), _data(organisation="", due_date="20/01/2099"))
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert pledge.organisation is None
    assert pledge.author == org_member
    assert pledge.due_date == datetime.date(2099, 1, 20)
    # And the other way round: to an organisation, from myself.
    client.post(_url(goal), _data(organisation=second.pk, text="We will sweep Mill Lane."))
    assert Pledge.objects.get(text="We will sweep Mill Lane.").organisation == second
