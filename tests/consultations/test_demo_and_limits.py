import io

import pytest
from django.urls import reverse

from consultations.counters import COUNTERS
from consultations.models import (
    Comment,
    ConsultationPage,
    ConsultationResponsePage,
    ModerationState,
    Proposal,
    Support,
)
from core.counters import mismatches
from demo import consultations as demo

pytestmark = pytest.mark.django_db


def _snapshot():
    return [m.objects.count() for m in (ConsultationPage, Proposal, Support, Comment)]


def test_demo_is_idempotent_and_covers_every_state(home_page):
    demo.seed(io.StringIO())
    first = _snapshot()
    demo.seed(io.StringIO())
    assert _snapshot() == first
    states = {
        page.slug: page.state() for page in ConsultationPage.objects.prefetch_related("phases")
    }
    assert states["getting-around-lowbridge"] == "open"
    assert states["clean-air-near-schools"] == "open"
    assert states["better-parks"] == "upcoming"
    assert states["warm-homes-first-steps"] == "closed"
    assert ConsultationResponsePage.objects.live().count() == 1
    assert (
        Comment.objects.filter(moderation_state=ModerationState.HIDDEN)
        .exclude(moderation_reason="")
        .exists()
    )
    assert Proposal.objects.filter(status=Proposal.Status.ADOPTED).exists()
    assert Proposal.objects.filter(status=Proposal.Status.NOT_TAKEN_FORWARD).exists()
    assert all(not mismatches(counter) for counter in COUNTERS)


def test_proposing_is_rate_limited(client, consultation, resident):
    client.force_login(resident)
    url = reverse("consultations:propose", args=[consultation.pk])
    for n in range(10):
        assert client.post(url, {"title": f"Idea {n}", "body": "Body"}).status_code == 302
    response = client.post(url, {"title": "One too many", "body": "Body"})
    assert response.status_code == 429
    assert Proposal.objects.count() == 10
