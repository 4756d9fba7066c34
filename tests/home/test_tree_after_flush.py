"""Transactional tests flush the database; the tree the migrations made is there again
for the tests after them (tests/conftest.py), so they still have a home page.

Whatever order the tests run in: ``after_a_flush`` puts the database in the state a
transactional test leaves it in before the test's own database fixture, so the tests
using it do not rely on a transactional test having run just before them."""

import pytest
from django.core.management import call_command
from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage, StandardPage
from tests.wagtail_tree import tree_is_complete


@pytest.fixture
def after_a_flush(django_db_setup, django_db_blocker):
    """The database as a transactional test ends it: flushed as Django's
    ``TransactionTestCase`` flushes it (content types and permissions made again, the
    rest gone). Ask for it before ``db``/``transactional_db``."""
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, reset_sequences=False, verbosity=0)
        assert not tree_is_complete()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_can_use_the_tree(client):
    home = HomePage.objects.get(depth=2)
    home.add_child(instance=StandardPage(title="Temporary", slug="temporary"))
    assert client.get("/temporary/").status_code == 200


def test_the_next_test_still_finds_the_tree(after_a_flush, db, client):
    assert Locale.objects.exists()
    assert Collection.objects.filter(depth=1).exists()
    assert Page.objects.filter(depth=1).count() == 1
    home = HomePage.objects.get(depth=2)
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert not StandardPage.objects.filter(slug="temporary").exists()
    assert client.get("/").status_code == 200


def test_after_a_transactional_db_fixture_too(transactional_db):
    assert HomePage.objects.filter(depth=2).exists()


def test_and_after_that(after_a_flush, db, client):
    assert client.get("/").status_code == 200


def test_a_transactional_test_after_a_flush_finds_the_tree_too(after_a_flush, transactional_db):
    assert HomePage.objects.filter(depth=2).exists()


def test_pages_can_be_added_after_a_flush(after_a_flush, db, client):
    """A flush makes content types again under new ids: nothing may use the old ones."""
    home = HomePage.objects.get(depth=2)
    home.add_child(instance=StandardPage(title="After the flush", slug="after"))
    assert client.get("/after/").status_code == 200
    assert StandardPage.objects.get(slug="after").specific_class is StandardPage
