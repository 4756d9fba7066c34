"""The place's contact address (branding), where replies to the site's emails go: the
appeal route of a moderation email must reach a monitored inbox, not the no-reply
sender. Registered with core.emails in HomeConfig.ready."""

from wagtail.models import Site

from home.models import SiteBranding


def contact_address() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    return SiteBranding.for_site(site).contact_email if site else ""
