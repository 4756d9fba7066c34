import pytest

from tests.factories import VerifiedUserFactory, make_consultation


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
def organisation(db):
    from organisations.models import Organisation

    return Organisation.objects.create(
        name="Lowbridge Cycle Hub", slug="lowbridge-cycle-hub", kind="voluntary"
    )


@pytest.fixture
def other_organisation(db):
    from organisations.models import Organisation

    return Organisation.objects.create(name="Other Group", slug="other-group", kind="voluntary")


@pytest.fixture
def org_member(organisation):
    from organisations.models import Membership

    user = VerifiedUserFactory(display_name="Priya Member")
    Membership.objects.create(user=user, organisation=organisation, status=Membership.Status.ACTIVE)
    return user


@pytest.fixture
def client_for(client):
    """Sign a person in on the test client: ``client_for(user)``."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
