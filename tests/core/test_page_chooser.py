"""The admin's page chooser shows draft and private page titles only to those who may
edit them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageViewRestriction

from home.models import StandardPage
from tests.factories import VerifiedUserFactory
from tests.mfa import sign_in_to_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home_page):
    draft = home_page.add_child(
        instance=StandardPage(title="Secret plans for Mill Lane", slug="secret", live=False)
    )
    private = home_page.add_child(
        instance=StandardPage(title="Members only minutes", slug="minutes")
    )
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    public = home_page.add_child(instance=StandardPage(title="About the city", slug="about"))
    return home_page, draft, private, public


def admin_user(home_page=None, can_edit=False):
    group = Group.objects.create(name=f"Chooser {can_edit}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if can_edit:
        GroupPagePermission.objects.create(
            group=group, page=home_page, permission=Permission.objects.get(codename="change_page")
        )
    user = VerifiedUserFactory()
    user.groups.add(group)
    return user


def chooser_html(client, home_page):
    browse = client.get(reverse("wagtailadmin_choose_page_child", args=[home_page.pk]))
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Mill minutes city"})
    assert browse.status_code == search.status_code == 200
    return browse.content.decode() + search.content.decode()


def test_staff_who_cannot_edit_see_only_live_public_titles(client, pages):
    home_page, _draft, _private, _public = pages
    sign_in_to_admin(client, admin_user())
    html = chooser_html(client, home_page)
    assert "About the city" in html
    assert "Secret plans for Mill Lane" not in html
    assert "Members only minutes" not in html


def test_editors_see_the_drafts_and_private_pages_they_may_edit(client, pages):
    home_page, _draft, _private, _public = pages
    sign_in_to_admin(client, admin_user(home_page, can_edit=True))
    html = chooser_html(client, home_page)
    assert "Secret plans for Mill Lane" in html
    assert "Members only minutes" in html
