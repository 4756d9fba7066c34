"""Security middleware: response headers (CSP and friends) and MFA for the admin.

``SecurityHeadersMiddleware`` adds a Content-Security-Policy, Permissions-Policy and
Cross-Origin-Opener-Policy to every response. Django's own ``SecurityMiddleware`` adds
HSTS (production), X-Content-Type-Options and Referrer-Policy; ``XFrameOptionsMiddleware``
adds X-Frame-Options. Public pages get a strict policy (scripts only from this origin, no
inline scripts, never framed); the Wagtail admin, which uses a few inline scripts of its
own and frames its page previews, gets a relaxed policy of its own.

``AdminMFAMiddleware`` lets nobody who can enter the admin (Wagtail or Django admin) use
it without two-factor authentication: an account without an authenticator app is sent to
set one up; a session that signed in without the second factor is asked for a code.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Public pages: nothing inline may run; styles may be inline (the branding colours in
# base.html are a tiny <style> element, and Wagtail's userbar sets style attributes).
PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# The Wagtail admin renders inline <script> blocks (inline panels, date pickers) and
# frames its own previews, so it needs 'unsafe-inline' scripts and same-origin framing.
# It is reachable only by staff who passed two-factor authentication.
ADMIN_POLICY = {
    **PUBLIC_POLICY,
    "script-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "worker-src": ["'self'", "blob:"],
}

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def _extra_sources() -> dict[str, list[str]]:
    """Extra origins from settings, e.g. a media bucket (``CSP_EXTRA_SOURCES``)."""
    return getattr(settings, "CSP_EXTRA_SOURCES", {}) or {}


def build_policy(base: dict[str, list[str]]) -> str:
    policy = {name: list(sources) for name, sources in base.items()}
    for name, sources in _extra_sources().items():
        policy.setdefault(name, ["'self'"])
        policy[name] = [s for s in policy[name] if s != "'none'"] + list(sources)
    parts = [f"{name} {' '.join(sources)}" for name, sources in policy.items()]
    if not settings.DEBUG:
        parts.append("upgrade-insecure-requests")
    return "; ".join(parts)


def is_admin_path(path: str) -> bool:
    return path.startswith(ADMIN_PREFIXES)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = build_policy(PUBLIC_POLICY)
        self.admin_policy = build_policy(ADMIN_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        admin = is_admin_path(request.path)
        response.headers.setdefault(
            "Content-Security-Policy", self.admin_policy if admin else self.public_policy
        )
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
