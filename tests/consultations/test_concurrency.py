"""Supports stay exact under concurrency: real threads, each with its own connection,
against PostgreSQL (SQLite serialises writers, so these skip there)."""

import pytest
from django.db import connection

from consultations import services
from consultations.models import Proposal, Support
from tests import concurrency
from tests.factories import ProposalFactory, VerifiedUserFactory, make_consultation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite allows one writer at a time, so nothing races",
    ),
]


def run_at_once(calls):
    """The unexpected exceptions of ``calls`` run at once (a refusal is an answer)."""
    _results, errors = concurrency.run_at_once(calls, expected=(services.ActionRefused,))
    return errors


def test_twenty_simultaneous_supports_by_one_person_give_one(home_page):
    consultation = make_consultation()
    proposal = ProposalFactory(consultation=consultation)
    person = VerifiedUserFactory()
    errors = run_at_once([lambda: services.add_support(person, proposal)] * 20)
    assert errors == []
    assert Support.objects.filter(proposal=proposal).count() == 1
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_budget_of_three_holds_against_ten_simultaneous_supports(home_page):
    consultation = make_consultation(supports_per_person=3)
    proposals = ProposalFactory.create_batch(10, consultation=consultation)
    person = VerifiedUserFactory()
    errors = run_at_once(
        [lambda proposal=proposal: services.add_support(person, proposal) for proposal in proposals]
    )
    assert errors == []
    assert Support.objects.filter(user=person).count() == 3
    assert sum(Proposal.objects.values_list("support_count", flat=True)) == 3


def test_fifty_people_at_once_give_fifty(home_page):
    consultation = make_consultation()
    proposal = ProposalFactory(consultation=consultation)
    people = VerifiedUserFactory.create_batch(50)
    errors = run_at_once(
        [lambda person=person: services.add_support(person, proposal) for person in people]
    )
    assert errors == []
    proposal.refresh_from_db()
    assert proposal.support_count == 50
    assert Support.objects.filter(proposal=proposal).count() == 50


def test_supports_and_withdrawals_racing_keep_the_count_exact(home_page):
    consultation = make_consultation()
    proposal = ProposalFactory(consultation=consultation)
    people = VerifiedUserFactory.create_batch(10)
    for person in people[:5]:
        services.add_support(person, proposal)
    calls = [
        lambda person=person: services.withdraw_support(person, proposal) for person in people[:5]
    ]
    calls += [lambda person=person: services.add_support(person, proposal) for person in people[5:]]
    calls += [lambda person=person: services.add_support(person, proposal) for person in people[5:]]
    errors = run_at_once(calls)
    assert errors == []
    proposal.refresh_from_db()
    assert proposal.support_count == Support.objects.filter(proposal=proposal).count() == 5


def test_twenty_simultaneous_withdrawals_by_one_person_remove_one(home_page):
    consultation = make_consultation()
    proposal = ProposalFactory(consultation=consultation)
    person, other = VerifiedUserFactory.create_batch(2)
    services.add_support(person, proposal)
    services.add_support(other, proposal)
    errors = run_at_once([lambda: services.withdraw_support(person, proposal)] * 20)
    assert errors == []
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert list(Support.objects.filter(proposal=proposal).values_list("user", flat=True)) == [
        other.pk
    ]


def test_the_one_statement_path_stays_exact_under_a_crowd(home_page):
    consultation = make_consultation()
    proposal = ProposalFactory(consultation=consultation)
    people = VerifiedUserFactory.create_batch(30)
    calls = [
        lambda person=person: services.support_at_once(person, proposal.pk) for person in people
    ]
    calls += [lambda: services.support_at_once(people[0], proposal.pk)] * 10  # double-clicks
    calls += [
        lambda person=person: services.withdraw_support_at_once(person, proposal.pk)
        for person in people[20:]
    ]
    errors = run_at_once(calls)
    assert errors == []
    proposal.refresh_from_db()
    assert proposal.support_count == Support.objects.filter(proposal=proposal).count()
    assert 20 <= proposal.support_count <= 30
    assert Support.objects.filter(proposal=proposal, user__in=people[:20]).count() == 20
