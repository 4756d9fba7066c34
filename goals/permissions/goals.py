"""Who may edit a goal: its partners' editors, and those Wagtail groups already allow.

Partner editors get Wagtail's *change* permission on exactly the goals their
organisation co-owns (and the trials under them), and on no other page. The grant is
worked out from memberships at request time, through each goal page's permission
tester, so it follows membership changes and co-owner changes at once: there are no
per-organisation groups or GroupPagePermission rows to keep in step. Publishing stays
with the convenors (through the workflow).
"""

from wagtail.models import PagePermissionTester

from .organisations import editor_organisation_ids


def _goal_path(page):
    """The path of the goal a goal or trial page belongs to."""
    from goals.models import GoalPage

    if isinstance(page, GoalPage) or page.specific_class is GoalPage:
        return page.path
    return page.path[: -page.steplen]


def co_owned_goal_ids(user) -> set[int]:
    """Ids of the goals co-owned by organisations ``user`` is a partner editor of."""
    from goals.models import GoalPage

    orgs = editor_organisation_ids(user)
    if not orgs:
        return set()
    return set(
        GoalPage.co_owners.through.objects.filter(organisation_id__in=orgs).values_list(
            "goalpage_id", flat=True
        )
    )


def is_partner_editor_of(user, page) -> bool:
    """Is ``user`` an editor of an organisation that co-owns the goal ``page`` is (or is under)?"""
    from goals.models import GoalPage

    if user is None or not user.is_authenticated or not user.is_active:
        return False
    orgs = editor_organisation_ids(user)
    if not orgs:
        return False
    return GoalPage.objects.filter(path=_goal_path(page), co_owners__in=orgs).exists()


def can_edit_goal(user, page) -> bool:
    """The one question views ask: may ``user`` edit this goal (or trial) in the admin?"""
    return page.permissions_for_user(user).can_edit()


def goals_user_can_edit(user):
    """Live and draft goals ``user`` may edit as a partner editor, by title."""
    from goals.models import GoalPage

    return GoalPage.objects.filter(pk__in=co_owned_goal_ids(user)).order_by("title")


class GoalPagePermissionTester(PagePermissionTester):
    """Wagtail's tester, plus *change* for the editors of the goal's co-owners."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if (
            user.is_active
            and not user.is_superuser
            and "change" not in self.permissions
            and is_partner_editor_of(user, page)
        ):
            self.permissions = {*self.permissions, "change"}
