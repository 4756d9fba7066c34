"""The platform's staff roles, held as Django groups so Wagtail's admin can grant them."""

from functools import cache

from core.security import staff_session_verified

CONVENORS = "Convenors"
MODERATORS = "Moderators"
PARTNER_EDITORS = "Partner editors"


def in_group(user, group_name: str) -> bool:
    """Does ``user`` hold this role now? Every role predicate asks this, so a staff
    session that did not pass the second factor holds none (core.security)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not staff_session_verified(user):
        return False
    if user.is_superuser:
        return True
    # Cached on the user object for the request: templates ask this many times.
    names = getattr(user, "_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._group_names = names
    return group_name in names


def is_convenor(user) -> bool:
    return in_group(user, CONVENORS)


def is_moderator(user) -> bool:
    """Convenors moderate too; moderators do nothing else."""
    return in_group(user, MODERATORS) or in_group(user, CONVENORS)


@cache
def all_role_groups() -> tuple[str, ...]:
    return (CONVENORS, MODERATORS, PARTNER_EDITORS)
