from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from goals.models import Organisation


def organisation_index(request):
    organisations = Paginator(Organisation.objects.all(), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "goals/organisation_index.html",
        {"organisations": organisations, "page_title": _("Organisations")},
    )
