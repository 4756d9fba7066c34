import pytest

from consultations.models import Proposal
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory
from tests.factories.pledges import make_goal


@pytest.fixture
def goal(home_page):
    return make_goal("Everyone can get around without a car")


@pytest.fixture
def partner_org(db):
    return OrganisationFactory(name="Lowbridge Council", kind="public")


@pytest.fixture
def partner_admin(partner_org):
    return MembershipFactory(
        organisation=partner_org, admin=True, user__display_name="Pat Partner"
    ).user


@pytest.fixture
def org_editor(organisation):
    """A partner editor (not an admin) of ``organisation``."""
    return MembershipFactory(
        organisation=organisation, editor=True, user__display_name="Eddie Editor"
    ).user


@pytest.fixture
def adopted_proposal(home_page):
    return ProposalFactory(status=Proposal.Status.ADOPTED, response="We will do this.")
