"""Fixtures for the whole suite: people in each role, the home page, a clean cache, and
the Wagtail page tree restored after transactional tests flush the database."""

import pytest
from django.core.cache import cache

from tests.factories import UserFactory, VerifiedUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD
from tests.wagtail_tree import ensure_wagtail_tree, tree_is_complete


def pytest_configure(config):
    """Every test person's password is hashed; the real hasher costs a second each."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Rate limits and fragment caches must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _restore_wagtail_tree_after_flush():
    """A transactional test (``transactional_db``, ``live_server``,
    ``django_db(transaction=True)``, ``TransactionTestCase``) ends by flushing every
    table, taking with it the rows the migrations created: the locale, the root page and
    collection, the home page and the default site. Put them back straight after each
    flush, so every later test sees the database the migrations made.

    The hook sits on ``TransactionTestCase._fixture_teardown``, which pytest-django
    calls for all of those, so it runs after the flush whatever order fixtures tear
    down in. ``TestCase`` rolls back instead of flushing and is not affected; with
    ``serialized_rollback`` Django restores the rows itself."""
    from django.test import TransactionTestCase

    original = TransactionTestCase._fixture_teardown

    def _fixture_teardown(self):
        original(self)
        if not self.serialized_rollback and not tree_is_complete():
            ensure_wagtail_tree()

    TransactionTestCase._fixture_teardown = _fixture_teardown
    yield
    TransactionTestCase._fixture_teardown = original


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


def _in_group(user, name):
    from django.contrib.auth.models import Group

    group, _created = Group.objects.get_or_create(name=name)
    user.groups.add(group)
    return user


@pytest.fixture
def moderator(db):
    from accounts.roles import MODERATORS

    return _in_group(VerifiedUserFactory(display_name="A moderator"), MODERATORS)


@pytest.fixture
def convenor(db):
    from accounts.roles import CONVENORS

    return _in_group(VerifiedUserFactory(display_name="A convenor", is_staff=True), CONVENORS)


@pytest.fixture
def partner_editor(db):
    """In the "Partner editors" group; which goals they may edit comes from their
    organisation's memberships (the goals tests make those)."""
    from accounts.roles import PARTNER_EDITORS

    return _in_group(
        VerifiedUserFactory(display_name="A partner editor", is_staff=True), PARTNER_EDITORS
    )


@pytest.fixture
def superuser(db):
    return VerifiedUserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def home_page(db):
    from home.models import HomePage

    return HomePage.objects.get(depth=2)
