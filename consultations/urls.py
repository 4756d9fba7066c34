from django.urls import path

from consultations.views import follow, proposals

app_name = "consultations"

urlpatterns = [
    path("ideas/", proposals.proposal_list, name="all_proposals"),
    path("<int:consultation_id>/ideas/", proposals.proposal_list, name="proposals"),
    path("<int:consultation_id>/ideas/new/", proposals.propose, name="propose"),
    path("<int:consultation_id>/follow/", follow.follow, name="follow"),
    path("<int:consultation_id>/unfollow/", follow.unfollow, name="unfollow"),
    path("ideas/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("ideas/<int:pk>/edit/", proposals.edit_proposal, name="edit_proposal"),
    path("ideas/<int:pk>/withdraw/", proposals.withdraw_proposal, name="withdraw_proposal"),
    path("ideas/<int:pk>/support/", proposals.support, name="support"),
    path("ideas/<int:pk>/unsupport/", proposals.unsupport, name="unsupport"),
    path("ideas/<int:pk>/comment/", proposals.comment, name="comment"),
    path("ideas/<int:pk>/report/", proposals.report_proposal, name="report_proposal"),
    path("comments/<int:pk>/edit/", proposals.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/report/", proposals.report_comment, name="report_comment"),
    path("unsubscribe/<str:token>/", follow.unsubscribe, name="unsubscribe"),
]
