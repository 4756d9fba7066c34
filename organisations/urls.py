from django.urls import path

from organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_index, name="index"),
    path("mine/", views.my_organisations, name="mine"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/join/", views.request_to_join, name="join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/visibility/", views.set_visibility, name="visibility"),
    path("<slug:slug>/members/", views.manage_members, name="members"),
    path("<slug:slug>/members/<int:pk>/", views.member_action, name="member_action"),
]
