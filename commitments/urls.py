from django.urls import path
from django.views.generic import RedirectView

from accounts import views as account_views
from commitments import views

app_name = "commitments"

urlpatterns = [
    path("", views.ledger, name="index"),
    path("new/", views.make_commitment, name="new"),
    # Where the digest's pages were before it served every app: links in emails already
    # sent keep working.
    path(
        "whats-new/",
        RedirectView.as_view(pattern_name="accounts:whats_new", permanent=True),
        name="whats_new",
    ),
    path("unsubscribe/<str:token>/", account_views.digest_unsubscribe, name="unsubscribe"),
    path("<int:pk>/", views.commitment_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_commitment, name="edit"),
    path("<int:pk>/update/", views.post_update, name="update"),
    path("<int:pk>/accept/", views.accept, name="accept"),
]
