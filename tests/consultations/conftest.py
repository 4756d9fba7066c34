import pytest

from tests.factories import OrganisationFactory, make_consultation


@pytest.fixture(autouse=True)
def _counters_equal_rows(request):
    """After every test that touched the database: each counter equals its rows
    (support_count, comment_count and any other registered counter)."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in names or bool(marker and marker.kwargs.get("transaction"))
    if transactional:
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        yield
        return
    yield
    from core.counters import all_counters, mismatches

    for counter in all_counters():
        wrong = mismatches(counter)
        assert not wrong, f"{counter['name']} differs from its rows: {wrong}"


@pytest.fixture
def consultation(home_page):
    """Propose and support both open now."""
    return make_consultation()


@pytest.fixture
def other_organisation(db):
    """Another organisation than ``organisation`` (tests/conftest.py)."""
    return OrganisationFactory(name="Other Group", kind="voluntary")


@pytest.fixture
def client_for(client):
    """Sign a person in on the test client: ``client_for(user)``."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
