"""The one list of what the API serves: (URL prefix, viewset, basename).

An app that lands later (commitments, surveys, places) adds its record to
``opendata.public``, a viewset to ``opendata.api.views`` and one line here; the URLs,
the index at /api/v1/, the schema, schemathesis and the tests that walk every endpoint
all take it from this list.
"""

from opendata.api import views

RESOURCES = [
    ("organisations", views.OrganisationViewSet, "organisation"),
    ("areas", views.AreaViewSet, "area"),
    ("goals", views.GoalViewSet, "goal"),
    ("indicators", views.IndicatorViewSet, "indicator"),
    ("consultations", views.ConsultationViewSet, "consultation"),
    ("proposals", views.ProposalViewSet, "proposal"),
    ("comments", views.CommentViewSet, "comment"),
    ("pledges", views.PledgeViewSet, "pledge"),
    ("commitments", views.CommitmentViewSet, "commitment"),
    ("survey-results", views.SurveyResultsViewSet, "survey-result"),
]
