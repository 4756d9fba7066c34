"""Who may edit a goal: its partners' editors, and those Wagtail groups already allow.

Partner editors get Wagtail's *change* permission on exactly the goals their
organisation co-owns (and the trials under them), and on no other page. The grant is
worked out from memberships at request time, through each goal page's permission
tester, so it follows membership changes and co-owner changes at once: there are no
per-organisation groups or GroupPagePermission rows to keep in step.

Publishing a goal needs more than Wagtail's *publish* permission: every organisation
that must sign it off (its co-owners, see goals/models/workflows.py) must have signed
off the goal's latest revision. So a convenor publishes a goal by approving the last
step of the "Partner sign-off" workflow, never by pressing Publish on an unsigned
change: no single organisation, the council included, rewrites a shared goal alone.
Superusers keep Wagtail's unrestricted access (a break-glass role; every publish is in
the page history).
"""

from wagtail.models import Page, PagePermissionTester, Revision
from wagtail.permission_policies import ModelPermissionPolicy

from organisations.permissions import editor_organisation_ids


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


def partners_signed_off(page) -> bool:
    """Has every organisation that must sign off the goal signed its latest revision?"""
    from goals.models import PartnerSignOff
    from goals.models.workflows import required_organisation_ids

    latest_id = Page.objects.filter(pk=page.pk).values_list("latest_revision_id", flat=True).first()
    if latest_id is None:
        return False
    required = required_organisation_ids(page, Revision.objects.get(pk=latest_id))
    signed = set(
        PartnerSignOff.objects.filter(revision_id=latest_id).values_list(
            "organisation_id", flat=True
        )
    )
    return required <= signed


class GoalPagePermissionTester(PagePermissionTester):
    """Wagtail's tester, plus *change* for the editors of the goal's co-owners, and
    *publish* for a goal only once its partners have signed off the latest revision."""

    def can_publish(self):
        from goals.models import GoalPage

        if not super().can_publish():
            return False
        if self.user.is_superuser or self.page.specific_class is not GoalPage:
            return True
        return partners_signed_off(self.page)

    def __init__(self, user, page):
        super().__init__(user, page)
        if (
            user.is_active
            and not user.is_superuser
            and "change" not in self.permissions
            and is_partner_editor_of(user, page)
        ):
            self.permissions = {*self.permissions, "change"}


# --- indicators (snippets) -----------------------------------------------------------


class IndicatorPermissionPolicy(ModelPermissionPolicy):
    """Django permissions as usual (convenors), plus: a partner editor may add and change
    the indicators (and their figures) of the goals their organisation co-owns. Only
    holders of the model permission delete."""

    partner_actions = frozenset({"add", "change"})

    def _model_allows(self, user, actions) -> bool:
        return any(ModelPermissionPolicy.user_has_permission(self, user, a) for a in actions)

    def user_has_permission(self, user, action):
        return self.user_has_any_permission(user, {action})

    def user_has_any_permission(self, user, actions):
        if self._model_allows(user, actions):
            return True
        return bool(self.partner_actions & set(actions)) and bool(co_owned_goal_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, {action}, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if self._model_allows(user, actions):
            return True
        return bool(self.partner_actions & set(actions)) and (
            instance.goal_id in co_owned_goal_ids(user)
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if self._model_allows(user, actions):
            return self.model._default_manager.all()
        if self.partner_actions & set(actions):
            return self.model._default_manager.filter(goal_id__in=co_owned_goal_ids(user))
        return self.model._default_manager.none()
