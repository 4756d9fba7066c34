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
the page history). The page-level rules are ``GoalPagePermissionTester``'s (in
goals/models/pages.py, beside the pages that use it); these are the predicates the
admin's views and the indicator snippets ask.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from goals.models.pages import GoalPage, goal_for_page
from organisations.permissions import editor_organisation_ids


def co_owned_goal_ids(user) -> set[int]:
    """Ids of the goals co-owned by organisations ``user`` is a partner editor of."""
    organisations = editor_organisation_ids(user)
    if not organisations:
        return set()
    return set(
        GoalPage.co_owners.through.objects.filter(organisation_id__in=organisations).values_list(
            "goalpage_id", flat=True
        )
    )


def can_edit_goal(user, page) -> bool:
    """The one question views ask: may ``user`` edit this goal (or trial) in the admin?"""
    return page.permissions_for_user(user).can_edit()


def goals_user_can_edit(user):
    """Live and draft goals ``user`` may edit as a partner editor, by title."""
    return GoalPage.objects.filter(pk__in=co_owned_goal_ids(user)).order_by("title")


def partners_signed_off(page) -> bool:
    """Has every organisation that must sign off the goal signed its latest revision?"""
    goal = goal_for_page(page.specific)
    return goal is not None and goal.partners_signed_off()


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
