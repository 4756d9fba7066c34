"""Rebuild what the migrations put in a fresh database and a transactional test's flush
removes: the Locale, Wagtail's root page and root collection, the HomePage and the
default Site. ``tests/conftest.py`` calls :func:`ensure_wagtail_tree` before every
database test in which :func:`tree_is_complete` is false (after a transactional test:
``transactional_db``, ``live_server``, ``django_db(transaction=True)``); the browser
tests' demo snapshot starts from it too.
"""

from django.conf import settings
from django.db import transaction

HOME_HEADLINE = "Our city's shared goals"


def tree_is_complete() -> bool:
    from wagtail.models import Collection, Locale, Page, Site

    return (
        Locale.objects.exists()
        and Page.objects.filter(depth=1).exists()
        and Collection.objects.filter(depth=1).exists()
        and Site.objects.filter(is_default_site=True).exists()
    )


@transaction.atomic
def ensure_wagtail_tree():
    """Create whatever is missing, in the shape the migrations create it. Idempotent."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page, Site

    from home.models import HomePage

    ContentType.objects.clear_cache()  # a flush recreates content types with new ids
    locale = Locale.objects.order_by("pk").first()
    if locale is None:
        locale = Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    root = Page.objects.filter(depth=1).first()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        home = root.add_child(
            instance=HomePage(title="Home", slug="home", headline=HOME_HEADLINE, locale=locale)
        )
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="City Goals",
        )
    Site.clear_site_root_paths_cache()
    return home
