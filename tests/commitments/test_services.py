"""Who may make, change, accept and report on commitments, through the services and
the signed-in pages."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from commitments import services
from commitments.models import Commitment, CommitmentOrganisation, CommitmentUpdate
from core.exceptions import ActionRefused
from core.models import AuditEvent
from tests.factories import OrganisationFactory
from tests.factories.commitments import make_commitment
from tests.factories.goals import IndicatorFactory
from tests.factories.places import make_grid
from tests.factories.pledges import make_goal

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate() + datetime.timedelta(days=365)


def _make(user, goal, lead, **extra):
    return services.make_commitment(
        user,
        goal=goal,
        lead_organisation=lead,
        title="We will light the towpath",
        due_date=NEXT_YEAR,
        **extra,
    )


def test_an_admin_commits_their_organisation_and_it_is_audited(goal, organisation, org_admin):
    commitment = _make(org_admin, goal, organisation)
    row = CommitmentOrganisation.objects.get(commitment=commitment)
    assert row.is_lead and row.accepted_by == org_admin
    assert AuditEvent.objects.filter(action="commitment.created", target_id=commitment.pk).exists()


def test_a_partner_editor_commits_their_organisation(goal, organisation, org_editor):
    assert _make(org_editor, goal, organisation).lead_organisation == organisation


def test_a_plain_member_may_not(goal, organisation, org_member):
    with pytest.raises(ActionRefused):
        _make(org_member, goal, organisation)
    assert not Commitment.objects.exists()


def test_an_admin_may_not_commit_another_organisation(goal, org_admin, partner_org):
    with pytest.raises(ActionRefused):
        _make(org_admin, goal, partner_org)
    assert not Commitment.objects.exists()


def test_a_convenor_commits_any_organisation_but_does_not_accept_for_it(
    goal, convenor, organisation
):
    commitment = _make(convenor, goal, organisation)
    assert commitment.awaited == [organisation]


def test_a_forged_organisation_in_the_form_is_refused_and_nothing_saved(
    client, goal, org_admin, partner_org
):
    client.force_login(org_admin)
    response = client.post(
        reverse("commitments:new"),
        {
            "title": "We will resurface the towpath",
            "goal": goal.pk,
            "lead_organisation": partner_org.pk,  # not theirs
            "due_date": NEXT_YEAR.isoformat(),
        },
    )
    assert response.status_code == 403
    assert not Commitment.objects.exists()
    assert "You can only commit an organisation" in response.content.decode()


def test_the_form_makes_a_commitment_from_an_adopted_idea(
    client, goal, organisation, org_admin, partner_org, adopted_proposal
):
    client.force_login(org_admin)
    page = client.get(reverse("commitments:new") + f"?from={adopted_proposal.pk}")
    assert page.status_code == 200
    response = client.post(
        reverse("commitments:new"),
        {
            "title": "We will open a bike library",
            "goal": goal.pk,
            "lead_organisation": organisation.pk,
            "partners": [partner_org.pk],
            "due_date": NEXT_YEAR.isoformat(),
            "proposals": [adopted_proposal.pk],
        },
    )
    commitment = Commitment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == commitment.get_absolute_url()
    assert list(commitment.proposals.all()) == [adopted_proposal]
    assert commitment.awaited == [partner_org]
    assert commitment.source() == Commitment.Source.PROPOSALS


def test_the_form_says_what_is_missing(client, org_admin):
    client.force_login(org_admin)
    response = client.post(reverse("commitments:new"), {"title": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="error-summary"' in body
    assert 'href="#id_goal"' in body
    assert not Commitment.objects.exists()


def test_a_partner_accepts_and_then_it_is_joint(
    goal, organisation, org_admin, partner_org, partner_admin
):
    commitment = _make(org_admin, goal, organisation, partners=[partner_org])
    assert not Commitment.objects.get(pk=commitment.pk).is_joint
    assert services.accept(partner_admin, commitment.pk) == [partner_org.pk]
    assert Commitment.objects.get(pk=commitment.pk).is_joint
    with pytest.raises(ActionRefused):  # nothing left for them to accept
        services.accept(partner_admin, commitment.pk)


def test_the_lead_cannot_accept_for_a_partner(goal, organisation, org_admin, partner_org):
    commitment = _make(org_admin, goal, organisation, partners=[partner_org])
    with pytest.raises(ActionRefused):
        services.accept(org_admin, commitment.pk)


def test_a_partner_that_has_not_accepted_may_not_report(
    goal, organisation, org_admin, partner_org, partner_admin
):
    commitment = _make(org_admin, goal, organisation, partners=[partner_org])
    with pytest.raises(ActionRefused):
        services.post_update(partner_admin, commitment.pk, text="We started.")
    services.accept(partner_admin, commitment.pk)
    update = services.post_update(partner_admin, commitment.pk, text="We started.")
    assert update.organisation == partner_org


def test_dropping_needs_a_public_reason(goal, organisation, org_admin):
    commitment = _make(org_admin, goal, organisation)
    with pytest.raises(ValidationError) as error:
        services.post_update(org_admin, commitment.pk, text="We stopped.", status="dropped")
    assert "dropped_reason" in error.value.message_dict
    assert not CommitmentUpdate.objects.exists()
    services.post_update(
        org_admin,
        commitment.pk,
        text="We stopped.",
        status="dropped",
        dropped_reason="The landowner refused.",
    )
    commitment.refresh_from_db()
    assert commitment.status == "dropped" and commitment.dropped_reason == "The landowner refused."
    assert AuditEvent.objects.filter(action="commitment.status").exists()


def test_the_update_form_asks_for_the_reason(client, goal, organisation, org_admin):
    commitment = _make(org_admin, goal, organisation)
    client.force_login(org_admin)
    response = client.post(
        reverse("commitments:update", args=[commitment.pk]),
        {"happened_on": timezone.localdate().isoformat(), "text": "Stopped.", "status": "dropped"},
    )
    assert response.status_code == 400
    assert "Say publicly why" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == "planned"


def test_done_records_the_date_it_was_done(goal, organisation, org_admin):
    commitment = _make(org_admin, goal, organisation)
    services.post_update(
        org_admin,
        commitment.pk,
        text="Opened.",
        status="done",
        evidence_urls=["https://example.org/opening"],
    )
    commitment.refresh_from_db()
    assert commitment.completed_on == timezone.localdate()
    assert CommitmentUpdate.objects.get().evidence_urls == ["https://example.org/opening"]


def test_a_stranger_may_not_change_or_report(goal, organisation, org_admin, resident, client):
    commitment = _make(org_admin, goal, organisation)
    with pytest.raises(ActionRefused):
        services.post_update(resident, commitment.pk, text="Hello")
    with pytest.raises(ActionRefused):
        services.edit_commitment(resident, commitment.pk, title="Mine now", due_date=NEXT_YEAR)
    client.force_login(resident)
    assert client.get(reverse("commitments:edit", args=[commitment.pk])).status_code == 403
    assert client.post(reverse("commitments:update", args=[commitment.pk]), {}).status_code == 403


def test_editing_adds_a_partner_who_must_accept_and_keeps_acceptances(
    goal, organisation, org_admin, partner_org, partner_admin
):
    commitment = _make(org_admin, goal, organisation, partners=[partner_org])
    services.accept(partner_admin, commitment.pk)
    third = OrganisationFactory(name="Canal Trust")
    services.edit_commitment(
        org_admin,
        commitment.pk,
        title="We will light the towpath and the bridge",
        due_date=NEXT_YEAR,
        partners=[partner_org, third],
    )
    commitment = Commitment.objects.get(pk=commitment.pk)
    assert commitment.awaited == [third]
    assert partner_org in commitment.accepted


def test_a_commitment_is_placed_in_areas_from_its_form_and_moved_on_edit(
    client, goal, organisation, org_admin
):
    riverside, old_town, canal = make_grid(3)
    client.force_login(org_admin)
    form = client.get(reverse("commitments:new")).content.decode()
    assert "Where will it be done?" in form and f'value="{canal.pk}"' in form
    response = client.post(
        reverse("commitments:new"),
        {
            "title": "We will light the towpath",
            "goal": goal.pk,
            "lead_organisation": organisation.pk,
            "due_date": NEXT_YEAR.isoformat(),
            "areas": [riverside.pk, old_town.pk],
        },
    )
    commitment = Commitment.objects.get()
    assert response.status_code == 302
    assert set(commitment.areas.all()) == {riverside, old_town}
    created = AuditEvent.objects.get(action="commitment.created", target_id=commitment.pk)
    assert created.detail["areas"] == sorted([riverside.pk, old_town.pk])
    assert "We will light the towpath" in client.get(riverside.get_absolute_url()).content.decode()

    edit_url = reverse("commitments:edit", args=[commitment.pk])
    edit = client.get(edit_url).content.decode()
    checked = set(
        re.findall(r'<input type="checkbox" name="areas" value="(\d+)"[^>]*checked', edit)
    )
    assert checked == {str(riverside.pk), str(old_town.pk)}  # prefilled
    response = client.post(
        edit_url,
        {
            "title": "We will light the towpath",
            "description": "",
            "due_date": NEXT_YEAR.isoformat(),
            "areas": [canal.pk],
        },
    )
    assert response.status_code == 302
    assert list(Commitment.objects.get().areas.all()) == [canal]
    assert (
        "We will light the towpath" not in client.get(riverside.get_absolute_url()).content.decode()
    )


def test_an_unknown_area_is_a_form_error_and_saves_nothing(client, goal, organisation, org_admin):
    client.force_login(org_admin)
    response = client.post(
        reverse("commitments:new"),
        {
            "title": "We will light the towpath",
            "goal": goal.pk,
            "lead_organisation": organisation.pk,
            "due_date": NEXT_YEAR.isoformat(),
            "areas": ["999999"],
        },
    )
    assert response.status_code == 400
    assert not Commitment.objects.exists()


def test_the_services_place_a_commitment_and_move_it(goal, organisation, org_admin):
    riverside, old_town = make_grid(2)
    commitment = _make(org_admin, goal, organisation, areas=[riverside])
    assert list(commitment.areas.all()) == [riverside]
    services.edit_commitment(
        org_admin, commitment.pk, title=commitment.title, due_date=NEXT_YEAR, areas=[old_town]
    )
    assert list(commitment.areas.all()) == [old_town]
    services.edit_commitment(org_admin, commitment.pk, title=commitment.title, due_date=NEXT_YEAR)
    assert not commitment.areas.exists()  # none given: the whole place


def test_a_double_click_makes_one_commitment(goal, organisation, org_admin):
    first = _make(org_admin, goal, organisation)
    assert _make(org_admin, goal, organisation) == first
    assert Commitment.objects.count() == 1


def test_accepting_through_the_page(client, goal, organisation, partner_org, partner_admin):
    commitment = make_commitment(
        goal, organisation, partners=[partner_org], accepted=[organisation]
    )
    client.force_login(partner_admin)
    page = client.get(commitment.get_absolute_url())
    assert "Accept for my organisation" in page.content.decode()
    response = client.post(reverse("commitments:accept", args=[commitment.pk]))
    assert response.status_code == 302
    assert Commitment.objects.get(pk=commitment.pk).is_joint


# The form at scale: list boxes grouped, the goal's indicators only ---------------------


def test_the_form_groups_its_long_lists_and_has_no_checkbox_per_organisation(
    client, goal, organisation, org_admin, partner_org
):
    IndicatorFactory(goal=goal, name="Trips by bike")
    client.force_login(org_admin)
    body = client.get(reverse("commitments:new")).content.decode()
    assert 'type="checkbox"' not in body
    assert re.search(r'<select name="partners"[^>]* size="10"[^>]* multiple>', body)
    assert f'<optgroup label="{goal.title}">' in body  # indicators under their goal
    assert '<label for="id_partners">' in body


def test_an_indicator_of_another_goal_is_refused_and_nothing_saved(
    client, goal, organisation, org_admin
):
    other = make_goal("Warm homes")
    theirs = IndicatorFactory(goal=other, name="Homes insulated")
    client.force_login(org_admin)
    response = client.post(
        reverse("commitments:new"),
        {
            "title": "We will count the bikes",
            "goal": goal.pk,
            "lead_organisation": organisation.pk,
            "due_date": NEXT_YEAR.isoformat(),
            "indicators": [theirs.pk],
        },
    )
    assert response.status_code == 400
    assert "Choose indicators of the commitment’s goal." in response.content.decode()
    assert 'href="#id_indicators"' in response.content.decode()
    assert not Commitment.objects.exists()


def test_the_change_form_offers_and_accepts_only_its_goals_indicators(
    client, goal, organisation, org_admin
):
    ours = IndicatorFactory(goal=goal, name="Trips by bike")
    theirs = IndicatorFactory(goal=make_goal("Warm homes"), name="Homes insulated")
    commitment = _make(org_admin, goal, organisation)
    client.force_login(org_admin)
    url = reverse("commitments:edit", args=[commitment.pk])
    body = client.get(url).content.decode()
    assert "Trips by bike" in body and "Homes insulated" not in body
    data = {"title": commitment.title, "due_date": NEXT_YEAR.isoformat()}
    assert client.post(url, {**data, "indicators": [theirs.pk]}).status_code == 400
    assert client.post(url, {**data, "indicators": [ours.pk]}).status_code == 302
    assert list(Commitment.objects.get(pk=commitment.pk).indicators.all()) == [ours]
