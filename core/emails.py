"""Email, one way for every app: the site's address for links, who may be emailed,
and sending a message once.

Every email is sent from a background task (never inside a request), rendered in the
site's language from a ``<name>_subject.txt`` / ``<name>.txt`` pair of templates, to a
person who may be emailed: an active, not anonymised account with an address.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.models import Site

from core.models import NotificationSent


def site_root_url() -> str:
    """The site's address, without a trailing slash: ``SITE_URL``, the one setting every
    absolute link is built from (never the request's host, which a visitor chooses, nor
    the Site record, which is made from SITE_URL: ``site_from_url``)."""
    return settings.SITE_URL.rstrip("/")


def absolute(path: str) -> str:
    """``path`` as a link that works from an email. A full URL (Wagtail's ``page.url``
    when several sites exist) is moved onto ``SITE_URL``, keeping its path and query."""
    if path.startswith("http://") or path.startswith("https://"):
        parts = urlsplit(path)
        path = urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    if not path.startswith("/"):
        path = f"/{path}"
    return f"{site_root_url()}{path}"


def site_address(url: str | None = None) -> tuple[str, int]:
    """``(hostname, port)`` for Wagtail's Site record from ``url`` (default SITE_URL)."""
    parts = urlsplit(url or settings.SITE_URL)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname or "localhost", port


def site_from_url(site: Site, url: str | None = None) -> bool:
    """Point the Site record at ``url`` (default SITE_URL), so Wagtail's ``full_url`` and
    its admin's "view live" links agree with every email. Returns True when it changed."""
    hostname, port = site_address(url)
    if (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True


def may_email(user) -> bool:
    """An active, not anonymised account with an address: the only people ever emailed."""
    return bool(user.is_active and user.email and getattr(user, "anonymised_at", None) is None)


def subject_line(text) -> str:
    return " ".join(str(text).split())[:150] or _("City Goals")


def render_email(template: str, context: dict) -> tuple[str, str]:
    """``(subject, body)`` from ``<template>_subject.txt`` and ``<template>.txt``, in the
    site's language (a task has no request to take a language from)."""
    with override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return subject_line(subject), body


def send(user, template: str, context: dict) -> bool:
    """Render ``template`` for ``user`` and send it, if they may be emailed."""
    if not may_email(user):
        return False
    subject, body = render_email(template, {**context, "recipient": user})
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
    return True


def send_once(user, key: str, subject: str, template: str, context: dict, unsubscribe=None):
    """Send one email to ``user`` unless one with ``key`` was already sent to them.

    The record is written in the same transaction as the send: if sending fails the record
    is rolled back and a later run tries again; if it was already there nothing is sent.
    Returns True when an email went out.
    """
    if not may_email(user):
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
