"""The demo's commitments: 30+ across 10+ organisations, every status, joint ones (one
awaiting a partner), overdue ones, some from adopted ideas, with updates, placed in
wards unevenly; idempotent."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import NotificationItem
from commitments.models import Commitment, CommitmentUpdate
from demo import wards

pytestmark = pytest.mark.django_db


def test_the_demo_commitments(settings):
    settings.DEBUG = False
    call_command("seed_demo", stdout=StringIO())
    commitments = list(Commitment.objects.for_listing())
    assert len(commitments) >= 30
    assert len({row.organisation_id for c in commitments for row in c.named.all()}) >= 10
    assert {c.status for c in commitments} == set(Commitment.Status.values)
    assert all(c.dropped_reason for c in commitments if c.status == "dropped")
    assert sum(c.is_overdue(timezone.localdate()) for c in commitments) >= 3
    assert sum(c.is_joint for c in commitments) >= 5
    assert sum(c.is_proposed_joint for c in commitments) >= 1
    assert Commitment.objects.filter(proposals__isnull=False).distinct().count() >= 2
    assert CommitmentUpdate.objects.count() >= 20
    # The ideas' people were told: their "What's new for you" lists the commitment.
    told = NotificationItem.objects.filter(kind="created")
    assert told.exists() and all(item.url.startswith("/commitments/") for item in told)
    # Placed in wards, unevenly: some in one, some in two, a third for the whole place.
    placed = {c.title: sorted(a.name for a in c.areas.all()) for c in Commitment.objects.all()}
    assert set(wards.COMMITMENT_WARDS) <= set(placed)
    sizes = Counter(len(names) for names in placed.values())
    assert sizes[1] >= 5 and sizes[2] >= 3 and sizes[0] >= 10
    assert placed["We will visit every older person living alone in Northgate"] == ["Northgate"]
    per_ward = Counter(name for names in placed.values() for name in names)
    assert max(per_ward.values()) >= 4 and min(per_ward.values()) == 1
    assert "Southmoor" not in per_ward  # a ward with nothing committed to it yet
    before = (
        Commitment.objects.count(),
        CommitmentUpdate.objects.count(),
        NotificationItem.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    assert (
        Commitment.objects.count(),
        CommitmentUpdate.objects.count(),
        NotificationItem.objects.count(),
    ) == before
    assert {
        c.title: sorted(a.name for a in c.areas.all()) for c in Commitment.objects.all()
    } == placed
