"""The one-click unsubscribe link of the digest (``core.tokens.SignedLink``): it says
whose digest to turn off."""

from core.tokens import SignedLink

#: The salt is the one the first links were signed with, so every link sent still works.
LINK = SignedLink("commitments.digest.unsubscribe", "commitments:unsubscribe")


def unsubscribe_url(user) -> str:
    return LINK.url(user)
