"""The goals section of a site, as ``setup_site`` and the demo both make it: the
"Partner sign-off" workflow on the goals index. One implementation, so a council's site
and the demo city review goal changes the same way."""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from accounts.roles import CONVENORS, MODERATORS, PARTNER_EDITORS
from goals.models import PartnerSignOffTask

WORKFLOW_NAME = "Partner sign-off"
SIGN_OFF_TASK = "Partner sign-off"
APPROVAL_TASK = "Convenors' approval"


@transaction.atomic
def ensure_partner_signoff_workflow(index) -> Workflow:
    """The "Partner sign-off" workflow on the goals index: every co-owner signs off,
    then the convenors approve (which publishes). Idempotent: found by name, nothing
    is added twice."""
    for name in (CONVENORS, MODERATORS, PARTNER_EDITORS):
        Group.objects.get_or_create(name=name)
    convenors = Group.objects.get(name=CONVENORS)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    sign_off = PartnerSignOffTask.objects.filter(name=SIGN_OFF_TASK).first()
    if sign_off is None:
        sign_off = PartnerSignOffTask.objects.create(name=SIGN_OFF_TASK)
    approval = GroupApprovalTask.objects.filter(name=APPROVAL_TASK).first()
    if approval is None:
        approval = GroupApprovalTask.objects.create(name=APPROVAL_TASK)
    approval.groups.add(convenors)
    for order, task in enumerate((sign_off, approval)):
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return workflow
