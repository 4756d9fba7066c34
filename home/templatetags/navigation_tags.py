from django import template
from wagtail.models import Page, Site

from home.models import StandardPage

register = template.Library()


def _site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("home/tags/site_navigation.html", takes_context=True)
def site_navigation(context):
    root = _site_root(context)
    items = root.get_children().live().in_menu() if root else Page.objects.none()
    current = context.get("page")
    return {"items": items, "current": current, "request": context.get("request")}


@register.inclusion_tag("home/tags/account_links.html", takes_context=True)
def account_links(context):
    return {"user": context.get("user") or context["request"].user}


@register.inclusion_tag("home/tags/footer_links.html", takes_context=True)
def footer_links(context):
    root = _site_root(context)
    items = StandardPage.objects.child_of(root).live().not_in_menu() if root else []
    return {"items": items}


@register.inclusion_tag("home/tags/breadcrumbs.html")
def breadcrumbs(page):
    ancestors = page.get_ancestors().filter(depth__gt=1) if page and page.depth > 2 else []
    return {"ancestors": ancestors, "page": page}
