"""Factories for commitments: ``make_commitment`` writes the rows the service would
(the named organisations with their acceptance), without its permission checks, for
tests of what pages and files show."""

import datetime

import factory
from django.utils import timezone

from commitments.models import Commitment, CommitmentOrganisation, CommitmentUpdate

from .goals import OrganisationFactory


def make_commitment(goal, lead=None, *, partners=(), accepted=None, proposals=(), **fields):
    """A commitment towards ``goal`` led by ``lead``; ``partners`` are named too.
    ``accepted`` lists the organisations that accepted (default: all of them)."""
    lead = lead or OrganisationFactory()
    fields.setdefault("title", "We will open a bike library")
    fields.setdefault("due_date", timezone.localdate() + datetime.timedelta(days=90))
    commitment = Commitment.objects.create(goal=goal, lead_organisation=lead, **fields)
    named = [lead, *partners]
    accepted = named if accepted is None else accepted
    accepted_ids = {org.pk for org in accepted}
    CommitmentOrganisation.objects.bulk_create(
        [
            CommitmentOrganisation(
                commitment=commitment,
                organisation=org,
                is_lead=org.pk == lead.pk,
                accepted_at=timezone.now() if org.pk in accepted_ids else None,
            )
            for org in named
        ]
    )
    if proposals:
        commitment.proposals.set(proposals)
    return commitment


class CommitmentUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentUpdate

    text = factory.Sequence(lambda n: f"Progress report {n}: ten bikes lent.")
    happened_on = factory.LazyFunction(timezone.localdate)
