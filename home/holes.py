"""The layout's personal holes (core.personal): the account links and the staff bar."""

from django.template.loader import render_to_string
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar
from wagtail.models import Page

from core import fragments
from core.personal import one_by_one, renderer
from core.security import can_enter_admin


@renderer("account_links")
@one_by_one
def account_links(request):
    """Sign in and create an account, or your account and sign out."""
    return render_to_string("home/tags/account_links.html", {"user": request.user}, request=request)


@renderer("staff_userbar")
@one_by_one
def staff_userbar(request, page_id=""):
    """Wagtail's user bar for those who may enter the admin; nothing, and no permission
    queries, for everyone else. Whether a person may enter is kept under the content
    version (a change of roles is a write, which drops it); the bar itself checks the
    permissions again."""
    user = request.user
    if not user.is_authenticated:
        return ""
    if not fragments.cached_value("admin-access", [user.pk], lambda: int(can_enter_admin(user))):
        return ""
    page = Page.objects.filter(pk=page_id).first() if page_id.isdigit() else None
    return wagtailuserbar({"request": request, "page": page.specific if page else None})
