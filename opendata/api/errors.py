"""Every API error is JSON with a clear message: ``{"status", "detail", "errors"?}``.

REST framework's exceptions, Django's 404 and permission refusals all pass through
:func:`exception_handler` (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``); an unknown path
under /api/ answers with :func:`not_found`.
"""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class NotModified(exceptions.APIException):
    """The client's copy (its ``If-None-Match``) is current: 304, no body."""

    status_code = status.HTTP_304_NOT_MODIFIED

    def __init__(self, headers):
        super().__init__("")
        self.headers = headers


class ErrorSerializer(serializers.Serializer):
    """What every error answer holds."""

    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong, in a sentence.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a 400: each query parameter that was refused, with why.",
    )


def _messages(detail):
    if isinstance(detail, dict):
        return {
            str(k): [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()
        }
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return None


def exception_handler(exc, context):
    if isinstance(exc, NotModified):
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers=exc.headers)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real server error: Django's 500 handling and logging
    body = {"status": response.status_code}
    detail = exc.detail if isinstance(exc, exceptions.APIException) else None
    if isinstance(exc, exceptions.ValidationError):
        body["detail"] = _("Some query parameters were not valid.")
        body["errors"] = _messages(detail) or {}
    elif isinstance(exc, Http404 | exceptions.NotFound):
        body["detail"] = _("Nothing was found at this address.")
    elif isinstance(exc, exceptions.Throttled):
        body["detail"] = _("Too many requests: try again in %(seconds)s seconds.") % {
            "seconds": exc.wait or 1
        }
    else:
        body["detail"] = str(detail) if detail is not None else response.reason_phrase
    response.data = body
    return response


def not_found(request, *args, **kwargs):
    """Any address under /api/ that names no resource."""
    return JsonResponse(
        {"status": 404, "detail": _("Nothing was found at this address.")}, status=404
    )
