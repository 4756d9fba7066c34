from django.urls import path

from accounts import views, views_privacy

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("data/", views_privacy.data_export, name="data"),
    path("delete/", views_privacy.delete_account_view, name="delete"),
    path("whats-new/", views.whats_new, name="whats_new"),
    path("unsubscribe/<str:token>/", views.digest_unsubscribe, name="digest_unsubscribe"),
]
