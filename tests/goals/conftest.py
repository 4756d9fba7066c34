import pytest

# Pledges ----------------------------------------------------------------------------


@pytest.fixture
def goal(home_page):
    from tests.factories.pledges import make_goal

    return make_goal()


@pytest.fixture
def organisation(db):
    from tests.factories.goals import OrganisationFactory

    return OrganisationFactory(name="Riverside Residents", kind="residents")


@pytest.fixture
def org_member(organisation):
    from tests.factories import VerifiedUserFactory
    from tests.factories.pledges import active_membership

    user = VerifiedUserFactory(display_name="Morgan Member")
    active_membership(user, organisation)
    return user


@pytest.fixture
def org_admin(organisation):
    from organisations.models import Membership
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


# Goals, organisations, memberships, sign-off ----------------------------------------


@pytest.fixture
def partners(db):
    """Three organisations: ``a`` and ``b`` will co-own a goal, ``c`` will not."""
    from tests.factories.goals import OrganisationFactory

    class Partners:
        a = OrganisationFactory(name="Wyre Rivers Trust", kind="voluntary")
        b = OrganisationFactory(name="Lowbridge NHS Trust", kind="health")
        c = OrganisationFactory(name="Canalside Makers", kind="business")

    return Partners


@pytest.fixture
def shared_goal(home_page, partners):
    from tests.factories.goals import create_goal

    return create_goal("Rivers clean enough to swim in", co_owners=[partners.a, partners.b])


@pytest.fixture
def other_goal(home_page, partners):
    """A goal co-owned only by ``c``."""
    from tests.factories.goals import create_goal

    return create_goal("Skills and good jobs", co_owners=[partners.c])


def make_editor(organisation, **extra):
    from organisations.models import Membership
    from organisations.services import sync_partner_editor_group
    from tests.factories import VerifiedUserFactory

    user = VerifiedUserFactory(**extra)
    Membership.objects.create(
        user=user, organisation=organisation, status="active", role="member", is_editor=True
    )
    sync_partner_editor_group(user)
    return user


@pytest.fixture
def editors(partners):
    class Editors:
        a = make_editor(partners.a, display_name="Ada of Wyre Rivers")
        b = make_editor(partners.b, display_name="Ben of the NHS")
        c = make_editor(partners.c, display_name="Cat of Canalside")

    return Editors
