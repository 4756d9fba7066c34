"""The benchmark's data generator on a tiny city: the counts it promises, exact counters."""

import random

import pytest
from django.db import connection

from bench import dataset

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the generator writes with PostgreSQL COPY"
)

TINY = dataset.FULL.scaled(0.004)


def test_spread_sums_exactly_respects_the_cap_and_is_deterministic():
    first = dataset.spread(10_000, 300, random.Random(1), cap=200)
    again = dataset.spread(10_000, 300, random.Random(1), cap=200)
    assert sum(first) == 10_000
    assert max(first) <= 200
    assert first == again
    assert max(first) > 5 * (10_000 // 300)  # long-tailed: some proposals are popular


def test_spread_refuses_a_total_that_cannot_fit():
    with pytest.raises(ValueError):
        dataset.spread(1_000, 10, random.Random(1), cap=50)


def test_strides_give_distinct_supporters():
    n = 1_000
    for stride in dataset.coprime_strides(n)[:5]:
        assert len({(17 + i * stride) % n for i in range(n)}) == n


@needs_postgresql
@pytest.mark.django_db
def test_build_makes_the_promised_counts_with_exact_counters():
    built = dataset.build(TINY)
    counts = dataset.counts()
    scale = TINY
    assert counts["people"] == scale.people
    assert counts["organisations"] == scale.organisations
    assert counts["goals"] == scale.goals
    assert counts["indicator_values"] == (
        scale.goals * scale.indicators_per_goal * scale.values_per_indicator
    )
    assert counts["consultations"] == scale.consultations + 2  # and the two surveys'
    assert counts["survey_responses"] == 2 * scale.survey_responses
    assert counts["proposals"] == scale.proposals
    assert counts["supports"] == scale.supports
    assert counts["comments"] == scale.comments
    assert counts["pledges"] == scale.pledges
    assert counts["pledge_joins"] == scale.joins
    from places.models import Area

    assert Area.objects.count() == scale.areas
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM consultations_proposal p WHERE NOT EXISTS "
            "(SELECT 1 FROM consultations_proposal_areas a WHERE a.proposal_id = p.id)"
        )
        assert cursor.fetchone()[0] == 0  # every proposal is placed in an area
    assert counts["commitments"] == scale.commitments
    assert counts["commitment_updates"] == scale.commitment_updates
    # Every commitment has its lead named once, and a valid state (the checks held).
    from commitments.models import Commitment

    assert not Commitment.objects.exclude(named__is_lead=True).exists()
    assert Commitment.objects.filter(status="dropped").exclude(dropped_reason="").exists()
    assert Commitment.objects.get(pk=built.commitment_id).is_joint
    assert Commitment.objects.filter(named__accepted_at__isnull=True).exists()  # awaited

    from bench.runner import count_mismatches
    from consultations.models import Comment, Proposal

    assert count_mismatches() == {"proposal_support_count": 0, "pledge_join_count": 0}
    largest = Proposal.objects.filter(consultation_id=built.largest_consultation_id)
    assert largest.count() == scale.consultation_sizes[0]
    hot = Proposal.objects.get(pk=built.hot_proposal_id)
    assert hot.consultation_id == built.largest_consultation_id
    assert Comment.objects.filter(proposal=hot).count() == scale.hot_comments == hot.comment_count
    # Every comment counter matches its rows too.
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT COUNT(*) FROM consultations_proposal p
               LEFT JOIN (SELECT proposal_id, COUNT(*) n FROM consultations_comment
                          GROUP BY proposal_id) c ON c.proposal_id = p.id
               WHERE p.comment_count <> COALESCE(c.n, 0)"""
        )
        assert cursor.fetchone()[0] == 0
    # Replies point at a comment on the same proposal.
    assert (
        not Comment.objects.filter(parent__isnull=False)
        .exclude(parent__proposal=models_f("proposal"))
        .exists()
    )

    # The bench's signed-in people: fresh pairs, sessions the server will accept.
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from bench.sessions import choose_pairs, choose_pledges, log_in
    from consultations.models import Support
    from pledges.models import PledgeJoin

    pairs = choose_pairs(built.largest_consultation_id, scale.people, 20)
    assert len(pairs) == 20
    assert len({u for u, _ in pairs}) == 20
    assert not any(Support.objects.filter(user_id=u, proposal_id=p).exists() for u, p in pairs)
    pledges = choose_pledges([u for u, _ in pairs])
    assert pledges
    assert not any(
        PledgeJoin.objects.filter(user_id=u, pledge_id=p).exists() for u, p in pledges.items()
    )
    posters = log_in(pairs[:3], pledges)
    assert posters[0].pledge_id == pledges.get(pairs[0][0], 0)
    store = SessionStore(session_key=posters[0].session_cookie)
    assert store[SESSION_KEY] == str(pairs[0][0])
    assert len(posters[0].csrf) == 32


def models_f(name):
    from django.db.models import F

    return F(name)
