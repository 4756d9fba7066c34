"""How organisations take part in other apps' rules (connected in ``apps.py``)."""

from django.utils.translation import gettext as _

from accounts.privacy import DeletionBlocker, deletion_blockers
from organisations.services import organisations_left_without_admin


def sole_admin_must_hand_over(user) -> DeletionBlocker | None:
    """An organisation must keep an admin: its only admin cannot delete their account."""
    organisations = organisations_left_without_admin(user)
    if not organisations:
        return None
    return DeletionBlocker(
        message=_(
            "You are the only admin of %(names)s. Make another member an admin "
            "(or ask the convenor to), then delete your account, so someone can still "
            "approve members."
        )
        % {"names": ", ".join(organisation.name for organisation in organisations)},
        items=tuple(organisations),
    )


def connect():
    deletion_blockers.add("sole_admin", sole_admin_must_hand_over)
