from django.urls import path

from .views import organisations as views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_index, name="index"),
]
