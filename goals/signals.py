"""Signal receivers of the goals app (connected in ``apps.py``, once the apps are ready)."""

from django.db import transaction
from wagtail.signals import task_submitted

from goals.models import PartnerSignOffTaskState
from goals.tasks import notify_sign_off_requested


def email_partners_when_sign_off_starts(sender, instance, **kwargs):
    """A partner sign-off began: email the editors who must sign, once it is committed
    (the task reads the organisations that must sign, which are set after the signal)."""
    state_id = instance.pk
    transaction.on_commit(lambda: notify_sign_off_requested.enqueue(state_id), robust=True)


def connect():
    task_submitted.connect(
        email_partners_when_sign_off_starts,
        sender=PartnerSignOffTaskState,
        dispatch_uid="goals.email_partners_when_sign_off_starts",
    )
