from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.urls import reverse
from wagtail.models import Site

from core.emails import absolute, site_root_url


@dataclass(frozen=True)
class EmailSite:
    """What allauth's email templates call ``current_site``: a name and a domain."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    """Hooks for allauth; the project keeps its sign-up and email rules here.

    Every link in an account email is built on ``SITE_URL``: allauth would otherwise take
    the host of the request (which the visitor chooses: a forged ``Host`` header would
    put an attacker's address in a password-reset email) or ``localhost``.
    """

    def send_mail(self, template_prefix, email, context):
        # Without django.contrib.sites allauth would call the site by its host name
        # ("Hello from 127.0.0.1:8000!"); use the Wagtail site's name instead.
        request = self.request or allauth_context.request
        context = {
            key: absolute(value) if _is_link(key, value) else value
            for key, value in context.items()
        }
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

    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute(path.replace("UID-KEY", quote(key)))


def _is_link(key, value) -> bool:
    """An absolute link allauth put in an email's context (``signup_url``,
    ``password_reset_url`` …): it was built from the request's host."""
    return (
        key.endswith("_url")
        and isinstance(value, str)
        and value.startswith(("http://", "https://"))
    )


def email_site(request) -> EmailSite:
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    return EmailSite(name=name, domain=urlsplit(site_root_url()).netloc)
