import pytest

from tests.factories.pledges import make_goal


@pytest.fixture
def goal(home_page):
    """A live goal to pledge to."""
    return make_goal()
