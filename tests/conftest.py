"""Fixtures for the whole suite: people in each role, the home page, a clean cache, and
the Wagtail page tree in place for every database test, whatever ran before it."""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.cache import cache

from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    VerifiedUserFactory,
)
from tests.factories.accounts import DEFAULT_PASSWORD, give_role
from tests.wagtail_tree import ensure_wagtail_tree, tree_is_complete


def pytest_configure(config):
    """Every test person's password is hashed; the real hasher costs a second each."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _cache_of_this_worker(settings)


def _cache_of_this_worker(settings) -> None:
    """Under pytest-xdist (``make test``), give each worker a Redis of its own.

    Only where REDIS_URL points the cache at a shared Redis (CI's cache is per process).
    Every test clears the cache (``_isolated_cache``), and clearing a Redis cache empties
    its whole database whatever the key prefix, so worker ``gwN`` uses database
    ``base + N`` of the same server, under a prefix naming the worker, and one worker's
    clear never takes another's rate-limit counts."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    cache_settings = settings.CACHES["default"]
    if not worker.startswith("gw") or "redis" not in cache_settings["BACKEND"].lower():
        return
    number = int(worker[2:])
    location = urlsplit(cache_settings["LOCATION"])
    base = int(location.path.strip("/") or 0)
    cache_settings["LOCATION"] = urlunsplit(location._replace(path=f"/{base + number}"))
    cache_settings["KEY_PREFIX"] = f"{cache_settings.get('KEY_PREFIX', '')}-{worker}"


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Rate limits and fragment caches must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


# The Wagtail tree -------------------------------------------------------------------
#
# A transactional test (``transactional_db``, ``live_server``,
# ``django_db(transaction=True)``) ends, as Django's ``TransactionTestCase`` does, by
# flushing every table: the Locale, root page, root collection, home page and default
# Site that the migrations created go with it. So every database test makes sure the
# tree is there before its own transaction starts (tests/wagtail_tree.py): after a
# flush the first one rebuilds it, and it stays until the next flush. Nothing depends
# on which test ran before, and nothing of Django's test machinery is replaced.


@pytest.fixture
def wagtail_tree(django_db_setup, django_db_blocker):
    """The Wagtail tree the migrations made, rebuilt if a transactional test's flush took
    it. Asked for before pytest-django's ``db``/``transactional_db`` (below), it runs
    before the test's transaction begins: what it rebuilds is committed, and the tests
    after this one find it in place."""
    with django_db_blocker.unblock():
        if not tree_is_complete():
            ensure_wagtail_tree()


@pytest.fixture
def db(wagtail_tree, db):
    """pytest-django's ``db``, on a database with the Wagtail tree."""


@pytest.fixture
def transactional_db(wagtail_tree, transactional_db):
    """pytest-django's ``transactional_db`` (``live_server`` asks for it too), on a
    database with the Wagtail tree."""


@pytest.fixture(autouse=True)
def _wagtail_tree_for_django_db_marker(request):
    """A test marked ``django_db`` gets its database from pytest-django without asking
    for ``db``; it needs the tree as much (inside its transaction, if it has one)."""
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("wagtail_tree")


@pytest.fixture
def password():
    return DEFAULT_PASSWORD


@pytest.fixture
def unverified_user(db):
    """Signed up, email address not yet verified: may read, may not take part."""
    return UserFactory()


@pytest.fixture
def resident(db):
    """A verified person with no staff role."""
    return VerifiedUserFactory()


@pytest.fixture
def moderator(home_page):
    from accounts.roles import MODERATORS

    return give_role(VerifiedUserFactory(display_name="A moderator"), MODERATORS)


@pytest.fixture
def convenor(home_page):
    from accounts.roles import CONVENORS

    return give_role(VerifiedUserFactory(display_name="A convenor", is_staff=True), CONVENORS)


@pytest.fixture
def partner_editor(home_page):
    """In the "Partner editors" group; which goals they may edit comes from their
    organisation's memberships (the goals tests make those)."""
    from accounts.roles import PARTNER_EDITORS

    return give_role(
        VerifiedUserFactory(display_name="A partner editor", is_staff=True), PARTNER_EDITORS
    )


@pytest.fixture
def superuser(db):
    return VerifiedUserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def home_page(db):
    from home.models import HomePage

    return HomePage.objects.get(depth=2)


# An organisation and the people in its roles -------------------------------------------


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Lowbridge Cycle Hub", kind="voluntary")


@pytest.fixture
def org_member(organisation):
    """An active member of ``organisation``."""
    return MembershipFactory(organisation=organisation, user__display_name="Morgan Member").user


@pytest.fixture
def org_admin(organisation):
    """An active admin of ``organisation``."""
    return MembershipFactory(
        organisation=organisation, admin=True, user__display_name="Ada Admin"
    ).user
