import pytest

from core.audit import record
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_record_stores_a_reference_not_a_copy(resident):
    event = record(resident, "account.test", resident, {"state": "x"})
    event.refresh_from_db()
    assert event.actor == resident
    assert event.action == "account.test"
    assert event.target_type == "accounts.user"
    assert event.target_id == str(resident.pk)
    assert event.detail == {"state": "x"}
    assert event.target == resident
    assert resident.email not in str(event.__dict__)


def test_record_without_actor_or_target_is_the_system(client):
    from django.contrib.auth.models import AnonymousUser

    event = record(AnonymousUser(), "system.tick")
    assert event.actor is None
    assert event.target is None
    assert str(event.actor_label) == "the system"
    assert AuditEvent.objects.count() == 1
