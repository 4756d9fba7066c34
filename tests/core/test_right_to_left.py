"""Names and text written right to left are isolated (#13): ``<bdi>`` around names in
bylines and lists, ``dir="auto"`` on what residents write and on the boxes they write
it in, Unicode isolates around names in emails. A left-to-right name stays plain."""

import pytest
from django.core import mail
from django.urls import reverse

from core.templatetags.resident_text import FSI, PDI, isolate_html
from organisations import services as organisation_services
from tests.factories import CommentFactory, ProposalFactory, VerifiedUserFactory, make_consultation
from tests.factories.goals import MembershipFactory
from tests.factories.pledges import PledgeFactory, make_goal

pytestmark = pytest.mark.django_db

ARABIC = "سارة أحمد"
HEBREW = "דנה לוי"


def test_only_right_to_left_names_are_wrapped():
    assert isolate_html(ARABIC) == f"<bdi>{ARABIC}</bdi>"
    assert isolate_html("Sam <Jones>") == "Sam &lt;Jones&gt;"


def test_proposal_cards_comment_bylines_and_resident_text(client, home_page):
    consultation = make_consultation()
    author = VerifiedUserFactory(display_name=ARABIC)
    proposal = ProposalFactory(consultation=consultation, author=author, body="ممر للدراجات")
    CommentFactory(proposal=proposal, author=VerifiedUserFactory(display_name=HEBREW))

    cards = client.get(reverse("consultations:proposals", args=[consultation.pk])).content.decode()
    assert f"<bdi>{ARABIC}</bdi>" in cards
    assert '<p dir="auto">ممر للدراجات' in cards

    page = client.get(proposal.get_absolute_url()).content.decode()
    assert f"Proposed by <bdi>{ARABIC}</bdi>" in page
    assert f"<bdi>{HEBREW}</bdi> ·" in page  # the comment's byline
    assert '<p dir="auto">ممر للدراجات</p>' in page


def test_pledge_walls_and_the_members_page(client, home_page, organisation):
    goal = make_goal()
    PledgeFactory(goal=goal, author=VerifiedUserFactory(display_name=HEBREW))
    wall = client.get(reverse("pledges:goal", args=[goal.slug])).content.decode()
    assert f"<bdi>{HEBREW}</bdi>" in wall

    admin = MembershipFactory(organisation=organisation, admin=True).user
    MembershipFactory(organisation=organisation, user__display_name=ARABIC)
    client.force_login(admin)
    members = client.get(reverse("organisations:members", args=[organisation.slug]))
    assert f"<bdi>{ARABIC}</bdi>" in members.content.decode()


def test_emails_isolate_an_interpolated_name(organisation, django_capture_on_commit_callbacks):
    MembershipFactory(organisation=organisation, admin=True)
    requester = VerifiedUserFactory(display_name=ARABIC)
    with django_capture_on_commit_callbacks(execute=True):
        organisation_services.request_membership(requester, organisation, message="مرحبا")
    (email,) = [m for m in mail.outbox if ARABIC in m.subject]
    assert email.subject.startswith(f"{FSI}{ARABIC}{PDI} asks to join")
    assert f"{FSI}{ARABIC}{PDI} has asked to join" in email.body


def test_boxes_people_write_in_follow_the_writing(client, home_page, resident):
    client.force_login(resident)
    html = client.get(reverse("pledges:new", args=[make_goal().slug])).content.decode()
    assert '<textarea name="text" dir="auto"' in html
