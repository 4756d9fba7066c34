"""The one-click unsubscribe link in consultation emails (``core.tokens.SignedLink``):
it turns off either following one consultation or the emails about responses."""

from core.tokens import SignedLink

# What an unsubscribe token turns off.
UNSUBSCRIBE_FOLLOW = "follow"  # stop following one consultation
UNSUBSCRIBE_RESPONSES = "responses"  # no more "your proposal got a response" emails

#: The salt is the one the first links were signed with, so every link sent still works.
LINK = SignedLink(
    "consultations.unsubscribe",
    "consultations:unsubscribe",
    valid=lambda data: data.get("k") in (UNSUBSCRIBE_FOLLOW, UNSUBSCRIBE_RESPONSES),
)


def unsubscribe_url(user, kind: str, page_id: int | None = None) -> str:
    return LINK.url(user, k=kind, p=page_id)
