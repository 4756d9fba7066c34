"""Fixtures for the security tests: staff with and without two-factor authentication."""

import pytest

from config.security import DEMO_TOTP_SECRET


def totp_code(secret: str = DEMO_TOTP_SECRET) -> str:
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def give_totp(user, secret: str = DEMO_TOTP_SECRET):
    from allauth.mfa.totp.internal.auth import TOTP

    return TOTP.activate(user, secret).instance


def mark_session_mfa(client, user):
    """What allauth's login flow leaves in the session after a passed second factor."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )

    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": 0, "email": user.email},
        {"method": "mfa", "at": 0, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


@pytest.fixture
def staff_with_mfa(client, superuser):
    """A superuser signed in with a second factor, as the admin requires."""
    give_totp(superuser)
    client.force_login(superuser)
    mark_session_mfa(client, superuser)
    return superuser
