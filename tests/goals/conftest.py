import pytest

# Goals, organisations and the partner sign-off ----------------------------------------


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


@pytest.fixture
def editors(partners):
    """A partner editor for each of the three organisations."""
    from tests.factories.goals import MembershipFactory

    def editor(organisation, name):
        return MembershipFactory(
            organisation=organisation, editor=True, user__display_name=name
        ).user

    class Editors:
        a = editor(partners.a, "Ada of Wyre Rivers")
        b = editor(partners.b, "Ben of the NHS")
        c = editor(partners.c, "Cat of Canalside")

    return Editors
