from django.urls import path

from .views import pledges as pledge_views

app_name = "data"

urlpatterns = [
    path("pledges.csv", pledge_views.pledges_csv, name="pledges_csv"),
]
