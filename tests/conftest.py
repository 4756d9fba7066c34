"""Fixtures for the whole suite: people in each role, the home page, a clean cache, and
the Wagtail page tree restored after transactional tests flush the database."""

import json

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


# The snapshot of the migrated test database, by alias, as Django took it at set-up.
# Django keeps it on the connection object, but connection objects are per thread and
# per context (asgiref Local): Playwright's sync API runs the browser tests' fixtures in
# a context of its own, whose fresh connection object would have no snapshot. So the
# attribute is made to fall back to the last snapshot set on any connection.
_SNAPSHOTS: dict[str, str] = {}


def _snapshot_get(self):
    try:
        return self.__dict__["_test_serialized_contents"]
    except KeyError:
        pass
    try:
        return _SNAPSHOTS[self.alias]
    except KeyError:
        raise AttributeError("_test_serialized_contents") from None


def _snapshot_set(self, value):
    self.__dict__["_test_serialized_contents"] = value
    _SNAPSHOTS[self.alias] = value


def _snapshot_delete(self):
    self.__dict__.pop("_test_serialized_contents", None)
    _SNAPSHOTS.pop(self.alias, None)


def _install_snapshot_fallback():
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.backends.base.creation import BaseDatabaseCreation

    BaseDatabaseWrapper._test_serialized_contents = property(
        _snapshot_get, _snapshot_set, _snapshot_delete
    )

    # Loading a snapshot changes content type ids under Django's process-wide cache of
    # them: drop the cache, or the next page saved points at a content type that is gone.
    original_deserialize = BaseDatabaseCreation.deserialize_db_from_string

    def deserialize_db_from_string(self, data):
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        try:
            return original_deserialize(self, data)
        finally:
            ContentType.objects.clear_cache()

    BaseDatabaseCreation.deserialize_db_from_string = deserialize_db_from_string


_install_snapshot_fallback()


def _content_types_first(serialized: str) -> str:
    """The snapshot with content types first. Loading a page, Wagtail's ``Page.__init__``
    creates its content type if that row is not there yet; loaded later, the snapshot's
    own row for it would then clash. Idempotent (a stable sort)."""
    objects = json.loads(serialized)
    if objects and objects[0].get("model") == "contenttypes.contenttype":
        return serialized
    objects.sort(key=lambda obj: obj["model"] != "contenttypes.contenttype")
    return json.dumps(objects)


@pytest.fixture(autouse=True, scope="session")
def _restore_wagtail_tree_after_flush():
    """Every test starts on the database the migrations made, whatever ran before it.

    A transactional test (``transactional_db``, ``live_server``,
    ``django_db(transaction=True)``, ``TransactionTestCase``) ends by flushing every
    table, taking with it the rows the migrations created: the locale, the root page and
    collection, the home page and the default site. Three hooks on Django's
    ``TransactionTestCase`` (which pytest-django uses for every database test) put
    things right, whatever order fixtures tear down in:

    * after a plain transactional test's flush, the Wagtail tree is rebuilt
      (``tests/wagtail_tree.py``);
    * a ``serialized_rollback`` test reloads the snapshot taken when the test database
      was created, and Django expects to load it into an empty database: if the
      database is not empty (after a plain transactional test: the tree, and content
      types recreated under new ids), it is emptied first; the snapshot is loaded with
      content types first, because Wagtail creates a page's content type when the page
      is loaded before it;
    * such a test leaves the database empty: the next test that is not one reloads the
      snapshot before it starts.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections
    from django.test import TransactionTestCase

    original_pre_setup = TransactionTestCase.__dict__["_pre_setup"]  # classmethods
    original_setup = TransactionTestCase.__dict__["_fixture_setup"]
    original_teardown = TransactionTestCase._fixture_teardown
    emptied = set()  # aliases a serialized_rollback test left empty

    def snapshots(cls):
        for alias in cls._databases_names(include_mirrors=False):
            connection = connections[alias]
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection._test_serialized_contents = _content_types_first(contents)
                yield alias, connection

    def _pre_setup(cls):
        if emptied and not cls.serialized_rollback:
            for alias, connection in snapshots(cls):
                if alias in emptied:
                    connection.creation.deserialize_db_from_string(
                        connection._test_serialized_contents
                    )
            emptied.clear()
            ContentType.objects.clear_cache()
        original_pre_setup.__func__(cls)

    def _fixture_setup(cls):
        if cls.serialized_rollback:
            for alias, _connection in snapshots(cls):
                if ContentType.objects.using(alias).exists():
                    call_command(
                        "flush",
                        database=alias,
                        interactive=False,
                        inhibit_post_migrate=True,
                        reset_sequences=False,
                        verbosity=0,
                    )
                emptied.discard(alias)
            ContentType.objects.clear_cache()
        original_setup.__func__(cls)

    def _fixture_teardown(self):
        original_teardown(self)
        if self.serialized_rollback:
            emptied.update(alias for alias, _connection in snapshots(type(self)))
        elif not tree_is_complete():
            ensure_wagtail_tree()

    TransactionTestCase._pre_setup = classmethod(_pre_setup)
    TransactionTestCase._fixture_setup = classmethod(_fixture_setup)
    TransactionTestCase._fixture_teardown = _fixture_teardown
    yield
    TransactionTestCase._pre_setup = original_pre_setup
    TransactionTestCase._fixture_setup = original_setup
    TransactionTestCase._fixture_teardown = original_teardown


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
