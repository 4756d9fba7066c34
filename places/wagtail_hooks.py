"""Areas in the Wagtail admin, as a snippet (imported in bulk with ``import_areas``)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from places.models import Area, PostcodeDistrict


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = _("Areas")
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "name",
        "code",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        "population",
    ]
    list_filter = ["kind"]
    search_fields = ["name"]
    ordering = ["name"]
    inspect_view_enabled = True


register_snippet(AreaViewSet)


class PostcodeDistrictViewSet(SnippetViewSet):
    model = PostcodeDistrict
    icon = "pick"
    menu_label = _("Postcode districts")
    menu_order = 251
    add_to_admin_menu = False
    list_display = ["code", "area"]
    search_fields = ["code"]
    ordering = ["code"]


register_snippet(PostcodeDistrictViewSet)
