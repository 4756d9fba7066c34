"""Area pages: the areas map with the list of areas, and each area's page."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from places import selectors
from places.models import Area


def area_index(request):
    return render(
        request,
        "places/area_index.html",
        {**selectors.index_context(), "page_title": _("Areas")},
    )


def area_detail(request, slug):
    area = get_object_or_404(Area.objects.select_related("parent"), slug=slug)
    return render(
        request,
        "places/area_detail.html",
        {"area": area, **selectors.area_page_context(area), "page_title": area.name},
    )
