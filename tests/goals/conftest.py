import pytest

# Pledges ----------------------------------------------------------------------------


@pytest.fixture
def goal(home_page):
    from tests.factories.pledges import make_goal

    return make_goal()


@pytest.fixture
def organisation(db):
    from tests.factories.pledges import PledgeOrganisationFactory

    return PledgeOrganisationFactory(name="Riverside Residents", kind="residents")


@pytest.fixture
def org_member(organisation):
    from tests.factories import VerifiedUserFactory
    from tests.factories.pledges import active_membership

    user = VerifiedUserFactory(display_name="Morgan Member")
    active_membership(user, organisation)
    return user


@pytest.fixture
def org_admin(organisation):
    from goals.models import Membership
    from tests.factories import VerifiedUserFactory
    from tests.factories.pledges import active_membership

    user = VerifiedUserFactory(display_name="Ada Admin")
    active_membership(user, organisation, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def convenor(db):
    from django.contrib.auth.models import Group

    from accounts.roles import CONVENORS
    from tests.factories import VerifiedUserFactory

    user = VerifiedUserFactory(display_name="Cora Convenor")
    user.groups.add(Group.objects.get_or_create(name=CONVENORS)[0])
    return user
