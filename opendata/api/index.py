"""/api/v1/ itself: where everything is, for a person or a client finding its way."""

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.emails import absolute
from opendata.api.resources import RESOURCES


@require_safe
def index(request):
    # The router names each list URL "api:<basename>-list".
    def url(name):
        return absolute(reverse(name))

    response = JsonResponse(
        {
            "resources": {
                prefix: url(f"api:{basename}-list") for prefix, _v, basename in RESOURCES
            },
            "schema": url("api:schema"),
            "docs": url("api:docs"),
            "licence": {
                "name": settings.OPEN_DATA_LICENCE_NAME,
                "url": settings.OPEN_DATA_LICENCE_URL,
            },
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
