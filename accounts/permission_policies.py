"""Wagtail permission policies that follow the site's roles (``accounts.roles``).

In accounts rather than core because it is the roles (convenors) that decide, and core
imports no app; every app that shows a read-only report to convenors (pledges,
commitments) registers this one policy for its model."""

from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from accounts.models import User
from accounts.roles import CONVENORS, is_convenor


class ConvenorsMayView(BasePermissionPolicy):
    """Convenors (and superusers) may view; nobody adds, edits or deletes in the admin:
    changes go through the site's pages and the services, so they are audited."""

    def _may(self, user, actions) -> bool:
        return "view" in actions and is_convenor(user)

    def user_has_permission(self, user, action):
        return self._may(user, [action])

    def user_has_any_permission(self, user, actions):
        return self._may(user, actions)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return User.objects.none()
        return User.objects.filter(
            Q(is_superuser=True) | Q(groups__name=CONVENORS), is_active=True
        ).distinct()

    def user_has_permission_for_instance(self, user, action, instance):
        return self._may(user, [action])

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self._may(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        objects = self.model._default_manager
        return objects.all() if self._may(user, actions) else objects.none()

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.users_with_any_permission(actions)
