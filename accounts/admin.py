"""Django's admin, kept for superusers only: the Wagtail admin is where staff work.

It stays because a few things have no Wagtail screen — allauth's email addresses
(to verify one by hand for a person who cannot receive mail), its MFA authenticators, and
django-tasks' results — and because Django's admin is the tool of last resort when the
page tree needs repair. Signing in always goes through allauth (rate limits, two-factor
authentication), never through the admin's own login form.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from accounts.models import Follow, User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeFormForEmail(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """People, with email as the login (there is no username)."""

    form = UserChangeFormForEmail
    add_form = UserCreationForm
    ordering = ("email",)
    list_display = ("email", "display_name", "area", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "display_name")
    readonly_fields = ("last_login", "date_joined", "anonymised_at")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Public profile"), {"fields": ("display_name", "area")}),
        (
            _("Email preferences"),
            {"fields": ("email_on_response", "email_on_phase", "email_digest")},
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined", "anonymised_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "page", "created_at")
    list_select_related = ("user", "page")
    raw_id_fields = ("user", "page")
