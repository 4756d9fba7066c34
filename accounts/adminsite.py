"""Django's admin site for superusers only, signing in through allauth.

Settings install ``accounts.adminsite.AdminConfig`` in place of ``django.contrib.admin``;
the model registrations are in accounts/admin.py.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SuperuserAdminSite(admin.AdminSite):
    """The Django admin, open to active superusers only. Its own login form is never
    used: allauth's applies the rate limits and two-factor authentication."""

    site_header = _("City Goals: system administration")
    site_title = _("City Goals system administration")

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            # Signed in but not a superuser: sending them to sign in again would loop.
            raise PermissionDenied
        next_url = request.GET.get("next") or reverse("admin:index")
        return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


class AdminConfig(DjangoAdminConfig):
    default_site = "accounts.adminsite.SuperuserAdminSite"
