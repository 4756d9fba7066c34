from django.urls import path

from places import views

app_name = "places"

urlpatterns = [
    path("", views.area_index, name="index"),
    path("<slug:slug>/", views.area_detail, name="detail"),
]
