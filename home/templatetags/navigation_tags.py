"""The site's header navigation, footer links and breadcrumbs (the account links and
the staff bar differ per person: they are holes, home/holes.py).

Each tag runs at most one query for its list (menus are small, their URLs come from the
site root paths Wagtail caches per request), so no tag queries once per item. The
header and footer lists, the same on every page, are kept until the content changes
(core.fragments: two queries each, restrictions and pages, on every page otherwise);
which item holds the current page is worked out per request.
"""

from django import template
from wagtail.models import Page, Site

from core import fragments
from home.models import StandardPage

register = template.Library()


def _site_root_id(request):
    """The site's root page id: the root page itself is loaded only when a kept list is
    built again."""
    site = Site.find_for_request(request) if request else None  # cached on the request
    return site.root_page_id if site else None


@register.inclusion_tag("home/tags/site_navigation.html", takes_context=True)
def site_navigation(context):
    """The site root's live, public children marked "show in menus", in tree order. The
    item holding the current page is marked (``aria-current``): "page" when it is the
    current page, "true" when the current page is below it."""
    request = context.get("request")
    root_id = _site_root_id(request)
    menu = []
    if root_id:
        menu = fragments.cached_value(
            "site_navigation",
            [root_id],
            lambda: [
                {"path": page.path, "url": page.get_url(request=request), "title": page.title}
                for page in Page.objects.get(pk=root_id).get_children().live().public().in_menu()
            ],
        )
    current = context.get("page")
    current_path = getattr(current, "path", "")
    items = []
    for item in menu:
        state = None
        if current_path == item["path"]:
            state = "page"
        elif current_path.startswith(item["path"]):
            state = "true"
        items.append({**item, "current": state})
    return {"items": items, "request": request}


@register.inclusion_tag("home/tags/footer_links.html", takes_context=True)
def footer_links(context):
    """Standard pages under the home page that are not in the header menu (privacy
    notice, accessibility statement, moderation policy …)."""
    request = context.get("request")
    root_id = _site_root_id(request)
    items = []
    if root_id:
        items = fragments.cached_value(
            "footer_links",
            [root_id],
            lambda: [
                {"url": page.get_url(request=request), "title": page.title}
                for page in StandardPage.objects.child_of(Page.objects.get(pk=root_id))
                .live()
                .public()
                .not_in_menu()
                .order_by("path")
            ],
        )
    return {"items": items, "request": request}


@register.inclusion_tag("home/tags/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None):
    """Breadcrumbs for a Wagtail page (its ancestors below the tree root, one query), or
    for a plain view: Home, then the view's ``breadcrumbs`` context list of
    ``(label, url)`` pairs, then the current ``page_title``."""
    request = context.get("request")
    if page is not None and getattr(page, "depth", 0) > 2:
        ancestors = page.get_ancestors().filter(depth__gt=1)
        return {"ancestors": ancestors, "current_title": page.title, "request": request}
    if page is None and context.get("page_title"):
        return {
            "home": True,
            "trail": context.get("breadcrumbs") or [],
            "current_title": context.get("page_title"),
            "request": request,
        }
    return {}


@register.filter
def squash(value):
    """Collapse runs of whitespace to one space and trim: for ``<title>`` text built
    from indented template blocks."""
    return " ".join(str(value).split())
