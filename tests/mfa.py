"""Two-factor authentication for tests: an authenticator for a person, its current code,
and a session that has passed the second factor, as the admin requires
(core/security.py)."""

import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from demo.accounts import DEMO_TOTP_SECRET


def totp_code(secret: str = DEMO_TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def give_totp(user, secret: str = DEMO_TOTP_SECRET):
    """An authenticator app for ``user``; its codes come from ``totp_code(secret)``."""
    return TOTP.activate(user, secret).instance


def mark_session_mfa(client, user):
    """What allauth's login flow leaves in the session after a passed second factor."""
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": 0, "email": user.email},
        {"method": "mfa", "at": 0, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


def sign_in_to_admin(client, user):
    """``user`` signed in with password and authenticator code. Returns ``client``."""
    give_totp(user)
    client.force_login(user)
    mark_session_mfa(client, user)
    return client
