from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, page_unpublished

from core import opendata


class OpenDataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        # Models are importable only once the app registry is ready, hence here.
        from accounts.privacy import account_deleted
        from commitments.models import Commitment, CommitmentOrganisation, CommitmentUpdate
        from consultations.models import (
            ApprovedAnswer,
            Comment,
            Proposal,
            Support,
            SurveyResponse,
            SurveyResultsPublication,
        )
        from goals.models import Ambition, GoalPage, Indicator, IndicatorValue, Theme
        from opendata.datasets import DATASETS
        from organisations.models import Organisation
        from places.models import Area
        from pledges.models import Pledge, PledgeJoin, PledgeUpdate

        for dataset in DATASETS:
            opendata.register(dataset)
        # Any change to what the files hold makes the cached copies stale at once.
        opendata.invalidate_on(
            Area, Organisation, Theme, Indicator, IndicatorValue, Ambition, GoalPage,
            Pledge, PledgeJoin, PledgeUpdate, Proposal, Support, Comment,
            Commitment, CommitmentOrganisation, CommitmentUpdate,
            SurveyResultsPublication, ApprovedAnswer, SurveyResponse,
        )  # fmt: skip
        page_published.connect(opendata.bump, dispatch_uid="opendata-page-published")
        page_unpublished.connect(opendata.bump, dispatch_uid="opendata-page-unpublished")
        # A deleted account's name must leave the cached data files at once.
        account_deleted.connect(opendata.bump, dispatch_uid="opendata-account-deleted")
