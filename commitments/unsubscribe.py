"""One-click unsubscribe from the digest: a signed token that says whose digest to turn
off. Tokens do not expire: an old email's link must still work."""

from django.core import signing
from django.urls import reverse

from core.emails import absolute

SALT = "commitments.digest.unsubscribe"


def token_for(user) -> str:
    return signing.dumps({"u": user.pk}, salt=SALT)


def read_token(token: str) -> int | None:
    """The user id in ``token``, or ``None`` when it was tampered with."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return data["u"]


def unsubscribe_url(user) -> str:
    return absolute(reverse("commitments:unsubscribe", kwargs={"token": token_for(user)}))
