from django.urls import path

from .views import data as views

app_name = "data"

urlpatterns = [
    path("", views.index, name="index"),
    path("goals.json", views.goals_json, name="goals_json"),
    path("goals.csv", views.goals_csv, name="goals_csv"),
    path("indicators.csv", views.indicators_csv, name="indicators_csv"),
]
