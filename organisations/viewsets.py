"""Organisations in the Wagtail admin, as a snippet with revisions (grouped under "City
goals" by the goals app's hooks)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from organisations.models import Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = [
        "name",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        BooleanColumn("verified", label=_("Verified")),
        UpdatedAtColumn(),
    ]
    list_filter = ["kind", "verified"]
    search_fields = ["name", "description"]
    ordering = ["name"]
    inspect_view_enabled = True
