"""Emails of the consultations app: rendering, one-click unsubscribe tokens, send-once.

Tasks (consultations/tasks.py) call these; nothing here runs inside a request.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from core.models import NotificationSent

UNSUBSCRIBE_SALT = "consultations.unsubscribe"

# What an unsubscribe token turns off.
UNSUBSCRIBE_FOLLOW = "follow"  # stop following one consultation
UNSUBSCRIBE_RESPONSES = "responses"  # no more "your proposal got a response" emails


def site_root_url() -> str:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url.rstrip("/")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(path: str) -> str:
    if path.startswith("http://") or path.startswith("https://"):
        return path
    return f"{site_root_url()}{path}"


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


def send_once(user, key: str, subject: str, template: str, context: dict, unsubscribe=None):
    """Send one email to ``user`` unless one with ``key`` was already sent to them.

    The record is written in the same transaction as the send: if sending fails the record
    is rolled back and a later run tries again; if it was already there nothing is sent.
    Returns True when an email went out.
    """
    if not user.email or getattr(user, "anonymised_at", None) is not None or not user.is_active:
        return False
    try:
        with transaction.atomic():
            NotificationSent.objects.create(user=user, key=key[:80])
            context = {**context, "user": user, "unsubscribe_url": unsubscribe}
            body = render_to_string(template, context)
            message = EmailMessage(
                subject=subject,
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[user.email],
            )
            if unsubscribe:
                message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe}>"
                message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
            message.send()
    except IntegrityError:
        return False  # already sent: the unique (user, key) row exists
    return True


def subject_line(text) -> str:
    return " ".join(str(text).split())[:150] or _("City Goals")
