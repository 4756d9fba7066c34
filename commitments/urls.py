from django.urls import path

from commitments import views

app_name = "commitments"

urlpatterns = [
    path("", views.ledger, name="index"),
    path("new/", views.make_commitment, name="new"),
    path("whats-new/", views.whats_new, name="whats_new"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<int:pk>/", views.commitment_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_commitment, name="edit"),
    path("<int:pk>/update/", views.post_update, name="update"),
    path("<int:pk>/accept/", views.accept, name="accept"),
]
