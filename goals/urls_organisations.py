from django.urls import path

from .views import memberships, organisations

app_name = "organisations"

urlpatterns = [
    path("", organisations.organisation_index, name="index"),
    path("mine/", memberships.my_organisations, name="mine"),
    path("<slug:slug>/", organisations.organisation_detail, name="detail"),
    path("<slug:slug>/join/", memberships.request_to_join, name="join"),
    path("<slug:slug>/leave/", memberships.leave, name="leave"),
    path("<slug:slug>/visibility/", memberships.set_visibility, name="visibility"),
    path("<slug:slug>/members/", memberships.manage_members, name="members"),
    path("<slug:slug>/members/<int:pk>/", memberships.member_action, name="member_action"),
]
