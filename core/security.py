"""Security middleware: response headers (CSP and friends) and MFA for the admin.

The Content-Security-Policy is django-csp's (``csp``, 4.x): the public policy is
``CONTENT_SECURITY_POLICY`` in settings, built from :data:`PUBLIC_DIRECTIVES`, and
:class:`ContentSecurityPolicyMiddleware` gives the admin its own relaxed policy
(:data:`ADMIN_DIRECTIVES`). Public pages allow no inline script and no inline style:
the one ``<style>`` element (the branding colours in base.html) carries the request's
nonce (``request.csp_nonce``). The CSP middleware sits inside the whole-page cache, so a
cached page is kept with the header whose nonce its ``<style>`` carries.

``SecurityHeadersMiddleware`` adds Permissions-Policy and Cross-Origin-Opener-Policy.
Django's own ``SecurityMiddleware`` adds HSTS (production), X-Content-Type-Options and
Referrer-Policy; ``XFrameOptionsMiddleware`` adds X-Frame-Options.

``AdminMFAMiddleware`` lets nobody who can enter the admin (Wagtail or Django admin) use
it without two-factor authentication: an account without an authenticator app is sent to
set one up; a session that signed in without the second factor is asked for a code.
"""

from urllib.parse import urlencode

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core.csp import ADMIN_DIRECTIVES, with_extra_sources

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def is_admin_path(path: str) -> bool:
    return path.startswith(ADMIN_PREFIXES)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy under ``/admin/`` and
    ``/django-admin/``."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and is_admin_path(request.path) and parts.config is None:
            parts.config = with_extra_sources(
                ADMIN_DIRECTIVES,
                getattr(settings, "CSP_EXTRA_SOURCES", None),
                upgrade=not settings.DEBUG,
            )
            parts.nonce = None  # a nonce would switch the admin's 'unsafe-inline' off
        return parts


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        return response


# Two-factor authentication for the admin -----------------------------------------------


def can_enter_admin(user) -> bool:
    """Anyone the Wagtail or Django admin would let in."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_passed_mfa(request) -> bool:
    """True when this session's sign-in (or a later re-authentication) used a second
    factor: allauth records every authentication step in the session."""
    from allauth.account.authentication import get_authentication_records

    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def staff_session_verified(user) -> bool:
    """May ``user`` exercise a staff role's powers in the request being served?

    The one check for every power a role grants beyond a resident's, inside the admin
    and out (``accounts.roles.in_group`` asks it, and every role predicate goes through
    that): when the account being judged is the one signed in to this request, its
    session must have passed the second factor and the account must still have one,
    exactly as :class:`AdminMFAMiddleware` demands for the admin. A password alone
    leaves a staff account with a resident's powers.

    Outside a request (commands, tasks, the shell) and for someone other than the
    signed-in person (a moderator's badge seen by a resident) there is no session to
    judge, and the role stands. The answer is kept on the user object for the request.
    """
    from allauth.core import context

    request = context.request
    if request is None or getattr(request, "user", None) is None:
        return True
    if not request.user.is_authenticated or request.user.pk != user.pk:
        return True
    verified = getattr(request, "_staff_session_verified", None)
    if verified is None:
        verified = session_passed_mfa(request) and has_totp(request.user)
        request._staff_session_verified = verified
    return verified


class AdminMFAMiddleware:
    """Refuse the admin to a staff account or session without two-factor authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_admin_path(request.path) and can_enter_admin(request.user):
            refusal = self.refuse(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def refuse(self, request):
        next_query = urlencode({"next": request.get_full_path()})
        if not has_totp(request.user):
            messages.warning(
                request,
                _(
                    "Staff accounts must use two-factor authentication. Set up an "
                    "authenticator app to enter the admin."
                ),
            )
            return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?{next_query}")
        if not session_passed_mfa(request):
            messages.warning(
                request,
                _("Enter a code from your authenticator app to enter the admin."),
            )
            return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{next_query}")
        return None
