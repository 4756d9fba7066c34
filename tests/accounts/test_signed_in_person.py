"""Roles and the verified email address are asked of the database afresh on each request
(accounts/roles.py caches them on the request's user only): a change counts at once."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.roles import MODERATORS, is_moderator
from core.permissions import has_verified_email

pytestmark = pytest.mark.django_db


def test_a_role_taken_away_is_gone_on_the_next_request(client, moderator, home_page):
    client.force_login(moderator)
    assert is_moderator(client.get("/").wsgi_request.user)
    moderator.groups.remove(Group.objects.get(name=MODERATORS))
    assert not is_moderator(client.get("/").wsgi_request.user)


def test_a_newly_verified_address_counts_on_the_next_request(client, unverified_user, home_page):
    client.force_login(unverified_user)
    assert has_verified_email(client.get("/").wsgi_request.user) is False
    EmailAddress.objects.create(
        user=unverified_user, email=unverified_user.email, verified=True, primary=True
    )
    assert has_verified_email(client.get("/").wsgi_request.user) is True


def test_an_inactive_person_is_signed_out(client, resident, home_page):
    client.force_login(resident)
    resident.is_active = False
    resident.save(update_fields=["is_active"])
    assert not client.get("/").wsgi_request.user.is_authenticated
