from django.urls import path

from opendata import views

app_name = "data"

urlpatterns = [
    path("", views.index, name="index"),
    path("goals.json", views.goals_json, name="goals_json"),
    path("areas.geojson", views.areas_geojson, name="areas_geojson"),
    path("goals.csv", views.goals_csv, name="goals_csv"),
    path("indicators.csv", views.indicators_csv, name="indicators_csv"),
    path("pledges.csv", views.pledges_csv, name="pledges_csv"),
    path("commitments.csv", views.commitments_csv, name="commitments_csv"),
    path("proposals.csv", views.proposals_csv, name="proposals_csv"),
    path("survey-results.csv", views.survey_results_csv, name="survey_results_csv"),
]
