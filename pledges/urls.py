from django.urls import path

from pledges import views

app_name = "pledges"

urlpatterns = [
    path("", views.pledge_index, name="index"),
    path("mine/", views.my_pledges, name="mine"),
    path("goal/<slug:slug>/", views.goal_wall, name="goal"),
    path("goal/<slug:slug>/new/", views.make_pledge, name="new"),
    path("organisation/<slug:slug>/", views.organisation_wall, name="organisation"),
    path("<int:pk>/", views.pledge_detail, name="detail"),
    path("<int:pk>/update/", views.post_update, name="update"),
    path("<int:pk>/reopen/", views.reopen_pledge, name="reopen"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/leave/", views.leave, name="leave"),
]
