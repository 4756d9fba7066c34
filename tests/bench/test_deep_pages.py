"""Every page of a long proposal list, read from whichever end of the index, in order."""

import pytest
from django.urls import reverse

from consultations.views.proposals import PER_PAGE
from tests.factories import ProposalFactory, VerifiedUserFactory, make_consultation


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["supported", "newest", "random"])
def test_each_proposal_once_and_in_order_on_every_page(client, home_page, sort):
    consultation = make_consultation()
    author = VerifiedUserFactory()
    total = PER_PAGE * 3 + 7
    proposals = ProposalFactory.create_batch(total, consultation=consultation, author=author)
    for i, proposal in enumerate(proposals):
        proposal.support_count = i % 5  # ties: the id breaks them
        proposal.save(update_fields=["support_count"])
    url = reverse("consultations:proposals", kwargs={"consultation_id": consultation.pk})
    seen = []
    for page in range(1, 5):
        response = client.get(url, {"sort": sort, "page": page})
        assert response.status_code == 200
        seen.extend(p.pk for p in response.context["proposals"])
    assert sorted(seen) == sorted(p.pk for p in proposals)  # each once
    if sort == "supported":
        by_support = sorted(proposals, key=lambda p: (-p.support_count, -p.pk))
        assert seen == [p.pk for p in by_support]
    elif sort == "newest":
        assert seen == [p.pk for p in sorted(proposals, key=lambda p: (p.created_at, p.pk))][::-1]
