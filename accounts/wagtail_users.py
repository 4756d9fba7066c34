"""People in the Wagtail admin (Settings → Users) with the fields this project's User has:
email (the login), display name and area, instead of Wagtail's first and last name.

Installed through ``UsersAppConfig`` in place of ``wagtail.users`` (settings).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    verbose_name = _("Wagtail users")
    user_viewset = "accounts.wagtail_user_views.UserViewSet"
