"""Signed links in emails: one-click unsubscribe, one way for every app.

A link carries a small signed payload (who, and what to turn off) instead of a stored
token, so nothing needs cleaning up and a link can be checked without a query. Each kind
of link has its own salt, so a token made for one cannot be replayed against another.
Tokens do not expire: a months-old email's unsubscribe link must still work (RFC 8058),
and what it does is harmless and reversible on the account page.
"""

from django.core import signing
from django.urls import reverse

from core.emails import absolute


class SignedLink:
    """A kind of signed link: ``salt`` keeps it apart from every other kind, ``url_name``
    is the view that reads it (a view taking one ``token`` argument).

    Every payload names a person as ``"u"`` (their id); ``valid`` may check the rest.
    Changing ``salt`` breaks every link already sent, so it stays as first released.
    """

    def __init__(self, salt: str, url_name: str, valid=None):
        self.salt = salt
        self.url_name = url_name
        self.valid = valid

    def token(self, user, **payload) -> str:
        return signing.dumps({"u": user.pk, **payload}, salt=self.salt)

    def read(self, token: str) -> dict | None:
        """The payload, or ``None`` when the token was tampered with, made for another
        kind of link, or does not say what this kind needs."""
        try:
            data = signing.loads(token, salt=self.salt)
        except signing.BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("u"), int):
            return None
        if self.valid is not None and not self.valid(data):
            return None
        return data

    def url(self, user, **payload) -> str:
        """The absolute link for an email (``SITE_URL``, never a request's host)."""
        return absolute(reverse(self.url_name, kwargs={"token": self.token(user, **payload)}))
