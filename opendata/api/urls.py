"""/api/v1/: the resources (``opendata.api.resources.RESOURCES``), the OpenAPI schema
and its documentation; anything else under /api/ is a JSON 404."""

from django.urls import include, path, register_converter, reverse_lazy
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from opendata.api.errors import not_found
from opendata.api.index import index
from opendata.api.resources import RESOURCES

app_name = "api"


class AnyPathConverter:
    """Any rest of a path, line breaks included (``path`` stops at them), so that every
    address under /api/ gets the JSON 404 rather than the site's page."""

    regex = r"[\s\S]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(AnyPathConverter, "anypath")
router = SimpleRouter(use_regex_path=False)
for prefix, viewset, basename in RESOURCES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("v1/", index, name="index"),
    path("v1/", include(router.urls)),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    # url_self: the page loads its own script from its own path, never from a copy of
    # whatever query string the visitor arrived with.
    path(
        "v1/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", url_self=reverse_lazy("api:docs")
        ),
        name="docs",
    ),
    path("", not_found, name="root"),
    path("<anypath:rest>", not_found, name="not_found"),  # JSON, not the site's 404 page
]
