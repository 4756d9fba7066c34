"""Who may do what in the goals app: plain predicates, one module per area.

Other apps import the organisation helpers from here::

    from goals.permissions import active_organisations_for, can_act_for
"""

from .organisations import (
    active_organisations_for,
    can_act_for,
    can_manage_members,
    can_request_membership,
    editor_organisation_ids,
    is_member,
    is_org_admin,
    is_org_editor,
    membership_of,
)

__all__ = [
    "active_organisations_for",
    "can_act_for",
    "can_manage_members",
    "can_request_membership",
    "editor_organisation_ids",
    "is_member",
    "is_org_admin",
    "is_org_editor",
    "membership_of",
]
