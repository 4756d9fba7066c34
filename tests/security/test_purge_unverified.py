from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from core.models import AuditEvent
from tests.factories import UserFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def aged(user, days):
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days))
    return user


def test_unverified_accounts_older_than_30_days_are_deleted(capsys):
    old_unverified = aged(UserFactory(), 31)
    new_unverified = aged(UserFactory(), 5)
    old_verified = aged(VerifiedUserFactory(), 400)
    call_command("purge_unverified_accounts", "--dry-run")
    assert User.objects.filter(pk=old_unverified.pk).exists()
    call_command("purge_unverified_accounts")
    assert not User.objects.filter(pk=old_unverified.pk).exists()
    assert User.objects.filter(pk=new_unverified.pk).exists()
    assert User.objects.filter(pk=old_verified.pk).exists()
    event = AuditEvent.objects.get(action="account.purged_unverified")
    assert event.detail == {"user_id": old_unverified.pk}
    assert "Deleted 1 unverified" in capsys.readouterr().out
