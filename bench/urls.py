"""The benchmark's urlconf: the floor view, then the whole site."""

from django.urls import include, path

from bench.views import floor

urlpatterns = [
    path("__floor__/<int:consultation_id>/", floor, name="bench-floor"),
    path("", include("config.urls")),
]

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
