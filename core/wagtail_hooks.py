"""Wagtail hooks that belong to no domain app."""

from django.db.models import Q
from wagtail import hooks
from wagtail.permission_policies.pages import PagePermissionPolicy


@hooks.register("construct_page_chooser_queryset")
def only_pages_the_person_may_see(pages, request):
    """The page chooser (``/admin/choose-page/``, its search, the link choosers) lists
    live public pages, and drafts and private pages only to those who may edit them:
    otherwise any staff account with admin access could read the titles of pages not
    yet published (a consultation to come, a goal in negotiation)."""
    user = request.user
    if user.is_superuser:
        return pages
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    visible = pages.model.objects.live().public()
    return pages.filter(
        Q(depth=1) | Q(pk__in=visible.values("pk")) | Q(pk__in=editable.values("pk"))
    )
