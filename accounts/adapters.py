from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings


@dataclass(frozen=True)
class EmailSite:
    """What allauth's email templates call ``current_site``: a name and a domain."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    """Hooks for allauth; the project keeps its sign-up and email rules here."""

    def send_mail(self, template_prefix, email, context):
        # Without django.contrib.sites allauth would call the site by its host name
        # ("Hello from 127.0.0.1:8000!"); use the Wagtail site's name instead.
        request = self.request or allauth_context.request
        context = {"current_site": email_site(request), **context}
        return super().send_mail(template_prefix, email, context)

    def get_reauthentication_methods(self, user):
        """An account with a second factor re-authenticates with it, never with the
        password or an emailed code alone: otherwise a stolen password would be enough
        to remove the authenticator and enrol another (the one way in, SECURITY.md)."""
        methods = super().get_reauthentication_methods(user)
        if user.is_authenticated and is_mfa_enabled(user):
            return [m for m in methods if m["id"].startswith("mfa_")]
        return methods


def email_site(request) -> EmailSite:
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else None
    name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    domain = request.get_host() if request is not None else ""
    return EmailSite(name=name, domain=domain)
