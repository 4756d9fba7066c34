"""/api/v1/: the resources, the OpenAPI schema and its documentation.

``RESOURCES`` is the one list of what the API serves. An app that lands later
(commitments, surveys, places) adds its record to ``opendata.public``, a viewset to
``opendata.api.views`` and one line here; the schema, the tests that walk every
endpoint and schemathesis pick it up from this list.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from opendata.api import views
from opendata.api.errors import not_found

app_name = "api"

RESOURCES = [
    ("organisations", views.OrganisationViewSet, "organisation"),
    ("goals", views.GoalViewSet, "goal"),
    ("indicators", views.IndicatorViewSet, "indicator"),
    ("consultations", views.ConsultationViewSet, "consultation"),
    ("proposals", views.ProposalViewSet, "proposal"),
    ("comments", views.CommentViewSet, "comment"),
    ("pledges", views.PledgeViewSet, "pledge"),
]

router = SimpleRouter()
for prefix, viewset, basename in RESOURCES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^.*$", not_found, name="not_found"),
]
