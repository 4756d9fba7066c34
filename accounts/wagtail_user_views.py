"""Wagtail's user create and edit forms with this project's profile fields (used by
``accounts.wagtail_users.UsersAppConfig``)."""

from wagtail.users.forms import UserCreationForm as WagtailUserCreationForm
from wagtail.users.forms import UserEditForm as WagtailUserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.forms import ProfileFieldsMixin

PROFILE_FIELDS = {"display_name", "area"}


class _ProfileFieldsMixin(ProfileFieldsMixin):
    # Wagtail's forms declare these; this project's User has a display name instead.
    first_name = None
    last_name = None


class UserCreationForm(_ProfileFieldsMixin, WagtailUserCreationForm):
    class Meta(WagtailUserCreationForm.Meta):
        fields = {"email", "is_superuser", "groups"} | PROFILE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_area()

    def clean(self):
        return self._clean_area_choice(super().clean())


class UserEditForm(_ProfileFieldsMixin, WagtailUserEditForm):
    class Meta(WagtailUserEditForm.Meta):
        fields = {"email", "is_active", "is_superuser", "groups"} | PROFILE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_area()

    def clean(self):
        return self._clean_area_choice(super().clean())


class UserViewSet(WagtailUserViewSet):
    template_prefix = "accounts/wagtailusers/"

    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm
