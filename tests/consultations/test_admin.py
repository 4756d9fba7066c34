"""The moderation queue, the moderation log and the convenor's responses in the Wagtail
admin (staff pass two-factor authentication first, as in production)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from consultations import services
from consultations.models import ModerationEvent, ModerationState, Report
from tests.factories import ProposalFactory, VerifiedUserFactory, make_consultation
from tests.mfa import sign_in_to_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    def sign_in(user):
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        return sign_in_to_admin(client, user)

    return sign_in


def test_queue_lists_reported_and_pending_items_oldest_first(
    home_page, staff_client, moderator, resident
):
    consultation = make_consultation(moderation="pre")
    pending = services.submit_proposal(resident, consultation, title="Waiting", body="B")
    other = ProposalFactory(consultation=consultation, title="Reported")
    services.report(resident, other, reason=Report.Reason.SPAM)
    client = staff_client(moderator)
    response = client.get(reverse("consultations_admin:queue"))
    assert response.status_code == 200
    titles = [item.title for _kind, item, _since in response.context["page_obj"].object_list]
    assert titles == ["Reported", "Waiting"] or titles == ["Waiting", "Reported"]
    since = [row[2] for row in response.context["page_obj"].object_list]
    assert since == sorted(since)
    assert pending.moderation_state == ModerationState.PENDING


def test_moderator_approves_from_the_admin_and_the_log_shows_it(
    home_page, staff_client, moderator, resident
):
    consultation = make_consultation(moderation="pre")
    pending = services.submit_proposal(resident, consultation, title="Waiting", body="B")
    client = staff_client(moderator)
    url = reverse("consultations_admin:moderate", args=["proposal", pending.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "hide", "reason": "", "note": ""})
    assert response.status_code == 200  # a reason is needed to hide: form error
    pending.refresh_from_db()
    assert pending.moderation_state == ModerationState.PENDING
    client.post(url, {"action": "approve", "reason": "", "note": "Fine."})
    pending.refresh_from_db()
    assert pending.moderation_state == ModerationState.PUBLISHED
    log = client.get(reverse("consultations_admin:log"))
    assert log.status_code == 200
    events = list(log.context["page_obj"].object_list)
    assert [e.action for e in events] == [ModerationEvent.ActionTaken.APPROVE]
    assert client.get(reverse("consultations_admin:queue")).context["page_obj"].object_list == []


def test_convenor_responses_screens(home_page, staff_client, convenor, moderator):
    consultation = make_consultation()
    proposal = ProposalFactory(consultation=consultation)
    other = ProposalFactory(consultation=consultation)
    client = staff_client(convenor)
    assert client.get(reverse("consultations_admin:responses_index")).status_code == 200
    page = client.get(reverse("consultations_admin:responses", args=[consultation.pk]))
    assert page.status_code == 200
    assert b"Write the response page" in page.content
    url = reverse("consultations_admin:respond", args=[proposal.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"status": "merged", "response": "Joined with another.", "merged_into": ""})
    proposal.refresh_from_db()
    assert proposal.status == "open"  # merged needs the proposal it was merged into
    client.post(
        url, {"status": "merged", "response": "Joined with another.", "merged_into": other.pk}
    )
    proposal.refresh_from_db()
    assert proposal.status == "merged" and proposal.merged_into == other
    # Moderators do not respond.
    moderator_client = staff_client(moderator)
    response = moderator_client.get(reverse("consultations_admin:responses_index"))
    assert response.status_code in (302, 403)


def test_wagtail_editor_offers_phases_and_rules(home_page, staff_client):
    superuser = VerifiedUserFactory(is_staff=True, is_superuser=True)
    consultation = make_consultation()
    client = staff_client(superuser)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[consultation.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for label in ("Phases", "Supports per person", "Moderation", "Reports before an item"):
        assert label.lower() in content.lower()


def test_a_phase_that_closes_before_it_opens_is_a_validation_error(home_page):
    """The page editor's phase forms run the model's full_clean, so this is a form
    error in the admin rather than an IntegrityError from the check constraint."""
    from django.core.exceptions import ValidationError

    from consultations.models import Phase

    consultation = make_consultation()
    phase = Phase.objects.filter(consultation=consultation).order_by("sort_order").first()
    bad = Phase(
        consultation=consultation,
        action=phase.action,
        starts_at=phase.ends_at,
        ends_at=phase.starts_at,
        sort_order=9,
    )
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "ends_at" in error.value.message_dict


def test_the_dashboard_counts_the_queue_in_the_database(
    home_page, resident, moderator, django_assert_num_queries
):
    """#13: two COUNT queries, the same number the queue lists, whatever its length."""
    from consultations.selectors import moderation_queue, moderation_queue_count

    consultation = make_consultation(moderation="pre")
    services.submit_proposal(resident, consultation, title="Waiting", body="B")
    reported = ProposalFactory(consultation=consultation, title="Reported")
    services.report(resident, reported, reason=Report.Reason.SPAM)
    services.report(VerifiedUserFactory(), reported, reason=Report.Reason.SPAM)
    with django_assert_num_queries(2):
        assert moderation_queue_count() == 2
    assert len(moderation_queue()) == 2


def test_the_author_reads_the_moderators_reason_on_the_site(client, home_page, moderator):
    """Not only by email (#13): the author, signed in, sees why on the item's page."""
    proposal = ProposalFactory(consultation=make_consultation(), title="Buy my bikes")
    services.moderate(moderator, proposal, action="hide", reason=Report.Reason.SPAM)
    client.force_login(proposal.author)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Hidden by a moderator: Spam or advertising" in html
    assert "Only you and the moderators can read it." in html
