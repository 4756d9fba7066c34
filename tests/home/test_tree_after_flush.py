"""Transactional tests flush the database; the tree the migrations made comes back
afterwards (tests/conftest.py), so the tests after them still have a home page."""

import pytest
from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage, StandardPage


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_can_use_the_tree(client):
    home = HomePage.objects.get(depth=2)
    home.add_child(instance=StandardPage(title="Temporary", slug="temporary"))
    assert client.get("/temporary/").status_code == 200


def test_the_next_test_still_finds_the_tree(db, client):
    assert Locale.objects.exists()
    assert Collection.objects.filter(depth=1).exists()
    assert Page.objects.filter(depth=1).count() == 1
    home = HomePage.objects.get(depth=2)
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert not StandardPage.objects.filter(slug="temporary").exists()
    assert client.get("/").status_code == 200


def test_after_a_transactional_db_fixture_too(transactional_db):
    assert HomePage.objects.filter(depth=2).exists()


def test_and_after_that(db, client):
    assert client.get("/").status_code == 200
