"""One-click unsubscribe links in consultation emails: signed tokens that say what to
turn off. Tokens do not expire: an old email's link must still work."""

from django.core import signing
from django.urls import reverse

from core.emails import absolute

UNSUBSCRIBE_SALT = "consultations.unsubscribe"

# What an unsubscribe token turns off.
UNSUBSCRIBE_FOLLOW = "follow"  # stop following one consultation
UNSUBSCRIBE_RESPONSES = "responses"  # no more "your proposal got a response" emails


def unsubscribe_token(user, kind: str, page_id: int | None = None) -> str:
    return signing.dumps({"u": user.pk, "k": kind, "p": page_id}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> dict | None:
    """The token's payload, or ``None`` when it was tampered with. Tokens do not expire:
    an old email's link must still work."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in (
        UNSUBSCRIBE_FOLLOW,
        UNSUBSCRIBE_RESPONSES,
    ):
        return None
    return data


def unsubscribe_url(user, kind: str, page_id: int | None = None) -> str:
    return absolute(
        reverse(
            "consultations:unsubscribe", kwargs={"token": unsubscribe_token(user, kind, page_id)}
        )
    )
