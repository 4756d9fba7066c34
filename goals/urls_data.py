from django.urls import path

from .views import data as views
from .views import pledges as pledge_views

app_name = "data"

urlpatterns = [
    path("", views.index, name="index"),
    path("goals.json", views.goals_json, name="goals_json"),
    path("goals.csv", views.goals_csv, name="goals_csv"),
    path("indicators.csv", views.indicators_csv, name="indicators_csv"),
    path("pledges.csv", pledge_views.pledges_csv, name="pledges_csv"),
]
