"""A response page's numbers come from the data and read correctly in the singular and
the plural (#13): a summary's typed "312 people took part" is not what the page counts."""

import pytest
from django.core.cache import cache

from consultations.models import ConsultationResponsePage, Proposal
from tests.factories import ProposalFactory, make_consultation

pytestmark = pytest.mark.django_db


def _response_page(consultation):
    page = ConsultationResponsePage(
        title="You said, we did", slug="you-said", summary="<p>What we are doing.</p>"
    )
    consultation.add_child(instance=page)
    page.save_revision().publish()
    return page


def _numbers(client, page):
    cache.clear()  # the participation summary is kept five minutes
    html = client.get(page.url).content.decode()
    start = html.index('class="cg-response-numbers"')
    return " ".join(html[start : html.index("</p>", start)].split())


def test_singular_then_plural_from_the_data(client, home_page):
    consultation = make_consultation()
    page = _response_page(consultation)
    ProposalFactory(
        consultation=consultation, status=Proposal.Status.ADOPTED, response="We will do it."
    )
    numbers = _numbers(client, page)
    assert "1 person took part." in numbers
    assert "They sent 1 idea." in numbers
    assert "1 idea has an official response." in numbers

    ProposalFactory(consultation=consultation, status=Proposal.Status.NOT_TAKEN_FORWARD)
    ProposalFactory(consultation=consultation)  # no answer yet
    numbers = _numbers(client, page)
    assert "3 people took part." in numbers
    assert "They sent 3 ideas." in numbers
    assert "2 ideas have an official response." in numbers
