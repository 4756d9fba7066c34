import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.privacy import delete_account
from accounts.roles import CONVENORS, MODERATORS
from core.audit import record
from tests.factories import VerifiedUserFactory
from tests.mfa import sign_in_to_admin

pytestmark = pytest.mark.django_db


def staff_in(group_name, client):
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = VerifiedUserFactory(display_name=f"Staff {group_name}")
    user.groups.add(group)
    sign_in_to_admin(client, user)
    return user


def test_convenors_read_the_audit_trail_in_the_admin(client):
    convenor = staff_in(CONVENORS, client)
    gone = VerifiedUserFactory(display_name="Gone Person")
    email = gone.email
    record(convenor, "membership.approved", gone, {"role": "member"})
    delete_account(gone)
    response = client.get(reverse("accounts_audit_trail"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "membership.approved" in body and "account.deleted" in body
    assert "Staff Convenors" in body
    assert "a former participant" in body
    assert email not in body and "Gone Person" not in body
    filtered = client.get(reverse("accounts_audit_trail") + "?action=account").content.decode()
    assert "account.deleted" in filtered and "<code>membership.approved</code>" not in filtered


def test_moderators_and_residents_cannot_read_it(client, resident):
    staff_in(MODERATORS, client)
    response = client.get(reverse("accounts_audit_trail"))
    # Wagtail turns a PermissionDenied in the admin into a redirect to its dashboard.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert "account.deleted" not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(resident)
    assert client.get(reverse("accounts_audit_trail")).status_code in (302, 403)


def test_audit_detail_is_escaped(client):
    convenor = staff_in(CONVENORS, client)
    record(convenor, "moderation.hide", None, {"note": "<script>alert(1)</script>"})
    body = client.get(reverse("accounts_audit_trail")).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
