from django.urls import path

from consultations.views import comments, follow, proposals, reports, supports, surveys

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
    path("ideas/<int:pk>/support/", supports.support, name="support"),
    path("ideas/<int:pk>/unsupport/", supports.unsupport, name="unsupport"),
    path("ideas/<int:pk>/comment/", comments.comment, name="comment"),
    path("ideas/<int:pk>/report/", reports.report_proposal, name="report_proposal"),
    path("comments/<int:pk>/", comments.comment_link, name="comment_link"),
    path("comments/<int:pk>/reply/", comments.reply, name="reply"),
    path("comments/<int:pk>/edit/", comments.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/report/", reports.report_comment, name="report_comment"),
    path("unsubscribe/<str:token>/", follow.unsubscribe, name="unsubscribe"),
    path("<int:consultation_id>/survey/", surveys.survey_start, name="survey"),
    path(
        "<int:consultation_id>/survey/<int:number>/",
        surveys.survey_section,
        name="survey_section",
    ),
    path("<int:consultation_id>/survey/equality/", surveys.survey_equality, name="survey_equality"),
    path("<int:consultation_id>/survey/check/", surveys.survey_check, name="survey_check"),
    path("<int:consultation_id>/survey/sent/", surveys.survey_done, name="survey_done"),
    path("<int:consultation_id>/survey/print/", surveys.survey_print, name="survey_print"),
    path(
        "<int:consultation_id>/survey/results/",
        surveys.survey_public_results,
        name="survey_public_results",
    ),
]
