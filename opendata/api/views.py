"""The API's resources: read-only viewsets over the public record (``opendata.public``).

Each viewset names its record (the serialiser, built from the record's fields), its
queryset (the record's public queryset with what the record reads prefetched) and its
cursor ordering; the base class does the rest the same way for every resource: JSON
only, no cookies or sessions, the client throttle, validated filters, keyset pages,
ETag/Last-Modified and 304s.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from commitments.models import Commitment
from consultations.models import Comment, ConsultationPage, Proposal
from goals.models import GoalPage, Indicator, IndicatorValue
from opendata import public
from opendata.api import conditional, filters
from opendata.api.errors import ErrorSerializer, NotModified
from opendata.api.pagination import KeysetPagination
from opendata.api.throttling import ClientThrottle
from organisations.models import Organisation
from places.models import Area
from pledges.models import Pledge

_ERRORS = {
    304: OpenApiResponse(description="Not modified: the copy named by If-None-Match is current."),
    400: OpenApiResponse(ErrorSerializer, description="A query parameter was not valid."),
    404: OpenApiResponse(ErrorSerializer, description="No such resource."),
    406: OpenApiResponse(ErrorSerializer, description="Only application/json is served."),
    429: OpenApiResponse(
        ErrorSerializer, description="Too many requests: wait the seconds in Retry-After."
    ),
}


def documented(record, detail_record=None, tag="", list_parameters=(), detail_parameters=()):
    """The schema of a resource's list and detail operations: every answer they give."""
    detail_record = detail_record or record
    return extend_schema_view(
        list=extend_schema(
            tags=[tag],
            description=record.description,
            parameters=list(list_parameters),
            responses={200: record.serializer(many=True), **_ERRORS},
        ),
        retrieve=extend_schema(
            tags=[tag],
            description=detail_record.description,
            parameters=list(detail_parameters),
            responses={200: detail_record.serializer, **_ERRORS},
        ),
    )


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ClientThrottle]
    renderer_classes = [JSONRenderer]
    parser_classes = []
    filter_backends = [DjangoFilterBackend]
    pagination_class = KeysetPagination
    lookup_value_converter = "int"
    record: public.Record
    detail_record: public.Record | None = None
    cursor_ordering = ("id",)

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_record is not None:
            return self.detail_record.serializer
        return self.record.serializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "at": timezone.now()}

    def get_cursor_ordering(self):
        return self.cursor_ordering

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # negotiation (406) and throttle (429) first
        etag, last_modified = conditional.validators(request)
        self.validators = (etag, last_modified)
        if conditional.is_fresh(request, etag, last_modified):
            raise NotModified(conditional.headers(etag, last_modified))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and getattr(self, "validators", None):
            for name, value in conditional.headers(*self.validators).items():
                response[name] = value
            response["Cache-Control"] = "public, max-age=60"
            response["Link"] = f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
        return response


# The resources -------------------------------------------------------------------------


@documented(public.ORGANISATION, tag="organisations")
class OrganisationViewSet(PublicViewSet):
    queryset = Organisation.objects.none()  # names the model for the schema
    record = public.ORGANISATION
    filterset_class = filters.OrganisationFilter
    cursor_ordering = ("name", "id")

    def get_queryset(self):
        return public.organisation_queryset()


@documented(public.AREA, public.AREA_DETAIL, tag="areas")
class AreaViewSet(PublicViewSet):
    queryset = Area.objects.none()  # names the model for the schema
    record = public.AREA
    detail_record = public.AREA_DETAIL
    filterset_class = filters.AreaFilter
    cursor_ordering = ("code", "id")

    def get_queryset(self):
        return public.areas()


@documented(public.GOAL_SUMMARY, public.GOAL, tag="goals")
class GoalViewSet(PublicViewSet):
    queryset = GoalPage.objects.none()  # names the model for the schema
    record = public.GOAL_SUMMARY
    detail_record = public.GOAL

    def get_queryset(self):
        return public.goal_queryset(with_indicators=self.action == "retrieve")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "retrieve":
            context["pledges"] = public.pledges_by_goal([self.kwargs[self.lookup_field]])
            context["commitments"] = public.commitments_by_goal([self.kwargs[self.lookup_field]])
        return context


_FROM = OpenApiParameter(
    "from", OpenApiTypes.DATE, description="Only figures on or after this date (YYYY-MM-DD)."
)
_TO = OpenApiParameter(
    "to", OpenApiTypes.DATE, description="Only figures on or before this date (YYYY-MM-DD)."
)


@documented(
    public.INDICATOR_LISTED,
    public.INDICATOR_DETAIL,
    tag="indicators",
    detail_parameters=[_FROM, _TO],
)
class IndicatorViewSet(PublicViewSet):
    queryset = Indicator.objects.none()  # names the model for the schema
    record = public.INDICATOR_LISTED
    detail_record = public.INDICATOR_DETAIL
    filterset_class = filters.IndicatorFilter

    def get_queryset(self):
        queryset = public.indicators().select_related("goal").with_latest()
        if self.action != "retrieve":
            return queryset
        form = filters.ValueRangeForm(self.request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(
                {
                    "range" if field == "__all__" else field: [e["message"] for e in errors]
                    for field, errors in form.errors.get_json_data().items()
                }
            )
        values = IndicatorValue.objects.order_by("date")
        if form.cleaned_data.get("from"):
            values = values.filter(date__gte=form.cleaned_data["from"])
        if form.cleaned_data.get("to"):
            values = values.filter(date__lte=form.cleaned_data["to"])
        return queryset.prefetch_related(Prefetch("values", queryset=values))


@documented(public.CONSULTATION, tag="consultations")
class ConsultationViewSet(PublicViewSet):
    queryset = ConsultationPage.objects.none()  # names the model for the schema
    record = public.CONSULTATION
    filterset_class = filters.ConsultationFilter

    def get_queryset(self):
        return public.consultation_queryset()


@documented(public.PROPOSAL, tag="proposals")
class ProposalViewSet(PublicViewSet):
    queryset = Proposal.objects.none()  # names the model for the schema
    record = public.PROPOSAL
    filterset_class = filters.ProposalFilter

    def get_queryset(self):
        return public.proposal_queryset()

    def get_cursor_ordering(self):
        # The filter set has already refused a sort it does not know.
        return filters.SORTS.get(self.request.query_params.get("sort"), filters.SORTS["newest"])


@documented(public.COMMENT, tag="comments")
class CommentViewSet(PublicViewSet):
    queryset = Comment.objects.none()  # names the model for the schema
    record = public.COMMENT
    filterset_class = filters.CommentFilter

    def get_queryset(self):
        return public.comments()


@documented(public.PLEDGE, tag="pledges")
class PledgeViewSet(PublicViewSet):
    queryset = Pledge.objects.none()  # names the model for the schema
    record = public.PLEDGE
    filterset_class = filters.PledgeFilter

    def get_queryset(self):
        return public.pledge_queryset()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


@documented(public.COMMITMENT, tag="commitments")
class CommitmentViewSet(PublicViewSet):
    queryset = Commitment.objects.none()  # names the model for the schema
    record = public.COMMITMENT
    filterset_class = filters.CommitmentFilter

    def get_queryset(self):
        return public.commitment_queryset()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


@documented(public.SURVEY_RESULTS, tag="survey results")
class SurveyResultsViewSet(PublicViewSet):
    """Published survey results, by consultation id: the public results page's figures."""

    queryset = ConsultationPage.objects.none()  # names the model for the schema
    record = public.SURVEY_RESULTS

    def get_queryset(self):
        return public.survey_results_queryset(self.get_serializer_context()["at"])

    def get_serializer(self, instance=None, *args, **kwargs):
        if kwargs.get("many"):
            instance = public.with_survey_figures(instance)  # one read for the page
        return super().get_serializer(instance, *args, **kwargs)
