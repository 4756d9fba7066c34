"""/api/v1/: the resources (``opendata.api.resources.RESOURCES``), the OpenAPI schema
and its documentation; anything else under /api/ is a JSON 404."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from opendata.api.errors import not_found
from opendata.api.index import index
from opendata.api.resources import RESOURCES

app_name = "api"
router = SimpleRouter(use_regex_path=False)
for prefix, viewset, basename in RESOURCES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("v1/", index, name="index"),
    path("v1/", include(router.urls)),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", not_found, name="root"),
    path("<path:rest>", not_found, name="not_found"),  # JSON, not the site's 404 page
]
