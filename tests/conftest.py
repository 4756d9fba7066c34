import pytest
from django.core.cache import cache

from tests.factories import UserFactory, VerifiedUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Rate limits and fragment caches must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return DEFAULT_PASSWORD


@pytest.fixture
def unverified_user(db):
    return UserFactory()


@pytest.fixture
def resident(db):
    return VerifiedUserFactory()


@pytest.fixture
def superuser(db):
    return VerifiedUserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def home_page(db):
    from home.models import HomePage

    return HomePage.objects.get(depth=2)
