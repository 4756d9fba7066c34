"""Consultations test data: a consultation with phases around a fixed moment, proposals,
supports and comments."""

import itertools
from datetime import timedelta

import factory
from django.utils import timezone

from consultations.models import (
    Action,
    Comment,
    ConsultationIndexPage,
    ConsultationPage,
    Phase,
    Proposal,
    Support,
)

from .accounts import VerifiedUserFactory

_slugs = itertools.count(1)


def consultation_index():
    from home.models import HomePage

    index = ConsultationIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.get(depth=2)
        index = home.add_child(instance=ConsultationIndexPage(title="Take part", slug="take-part"))
    return index


def phase_plan(start, days=10):
    """Propose, then support, then respond, each ``days`` long, back to back from
    ``start``: returns {action: (starts_at, ends_at)}."""
    span = timedelta(days=days)
    return {
        Action.PROPOSE: (start, start + span),
        Action.SUPPORT: (start + span, start + 2 * span),
        Action.RESPOND: (start + 2 * span, start + 3 * span),
    }


def make_consultation(
    title="How should Lowbridge get around?", *, phases=None, parent=None, **fields
):
    """A live consultation. ``phases`` is {action: (starts_at, ends_at)}; by default the
    propose and support phases are both open now."""
    now = timezone.now()
    if phases is None:
        phases = {
            Action.PROPOSE: (now - timedelta(days=1), now + timedelta(days=10)),
            Action.SUPPORT: (now - timedelta(days=1), now + timedelta(days=20)),
            Action.RESPOND: (now + timedelta(days=20), now + timedelta(days=40)),
        }
    parent = parent or consultation_index()
    page = ConsultationPage(
        title=title,
        slug=fields.pop("slug", None) or f"consultation-{next(_slugs)}",
        question=fields.pop("question", "What would help you walk and cycle more?"),
        **fields,
    )
    page.phases = [
        Phase(action=action, starts_at=start, ends_at=end, sort_order=i)
        for i, (action, (start, end)) in enumerate(phases.items())
    ]
    parent.add_child(instance=page)
    return ConsultationPage.objects.get(pk=page.pk)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    consultation = factory.LazyFunction(
        lambda: ConsultationPage.objects.first() or make_consultation()
    )
    author = factory.SubFactory(VerifiedUserFactory)
    title = factory.Sequence(lambda n: f"Idea number {n}")
    body = "Protected cycle lanes on the ring road.\n\nhttps://example.org/plan"


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    proposal = factory.SubFactory(ProposalFactory)
    author = factory.SubFactory(VerifiedUserFactory)
    body = factory.Sequence(lambda n: f"Comment {n}: I agree.")


class SupportFactory(factory.django.DjangoModelFactory):
    """A raw support row (bypasses the service: keep counters right with the service in
    tests that check them)."""

    class Meta:
        model = Support

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.SubFactory(VerifiedUserFactory)
