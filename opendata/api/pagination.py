"""Cursor (keyset) pagination: stable however deep a client pages, and cheap.

A list is ordered by a view's ``cursor_ordering`` — fields that end in a unique one (the
id), e.g. ``("-support_count", "-id")`` — and the ``cursor`` of the next page holds the
last row's values of those fields, so the next page is a range scan of the same index
(``WHERE (support_count, id) < (…)``), never an OFFSET.
"""

import base64
import binascii
import json
from urllib.parse import urlencode

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from core.emails import absolute

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


def _after(fields, values):
    """Rows strictly after ``values`` in the order of ``fields`` (each "-name" or
    "name"): (a, b) > (x, y) is a > x, or a = x and b > y."""
    condition = Q()
    for index in reversed(range(len(fields))):
        name = fields[index].lstrip("-")
        lookup = "lt" if fields[index].startswith("-") else "gt"
        step = Q(**{f"{name}__{lookup}": values[index]})
        if index < len(fields) - 1:
            step |= Q(**{name: values[index]}) & condition
        condition = step
    return condition


class KeysetPagination(BasePagination):
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"

    def _ordering(self, view):
        return tuple(view.get_cursor_ordering())

    def _page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return DEFAULT_PAGE_SIZE
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(max)s.") % {"max": MAX_PAGE_SIZE}
                    ]
                }
            )
        return int(raw)

    def _decode(self, raw, model, fields):
        try:
            values = json.loads(base64.urlsafe_b64decode(raw.encode("ascii")).decode("utf-8"))
            if not isinstance(values, list) or len(values) != len(fields):
                raise ValueError
            return [
                model._meta.get_field(name.lstrip("-")).to_python(value)
                for name, value in zip(fields, values, strict=True)
            ]
        except (ValueError, TypeError, UnicodeError, binascii.Error, DjangoValidationError):
            raise exceptions.ValidationError(
                {self.cursor_query_param: [_("This cursor is not one this API gave out.")]}
            ) from None

    def _encode(self, obj, fields):
        values = []
        for name in fields:
            value = getattr(obj, name.lstrip("-"))
            values.append(value.isoformat() if hasattr(value, "isoformat") else value)
        return base64.urlsafe_b64encode(json.dumps(values).encode()).decode("ascii")

    def paginate_queryset(self, queryset, request, view=None):
        fields = self._ordering(view)
        size = self._page_size(request)
        queryset = queryset.order_by(*fields)
        raw = request.query_params.get(self.cursor_query_param)
        if raw:
            queryset = queryset.filter(_after(fields, self._decode(raw, queryset.model, fields)))
        rows = list(queryset[: size + 1])
        self.request = request
        self.next_cursor = self._encode(rows[size - 1], fields) if len(rows) > size else None
        return rows[:size]

    def get_next_link(self):
        if self.next_cursor is None:
            return None
        params = self.request.query_params.copy()
        params[self.cursor_query_param] = self.next_cursor
        url = absolute(self.request.path)
        return f"{url}?{urlencode(sorted(params.lists()), doseq=True)}"

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page, or null on the last page.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: the cursor in the previous page's "
                "`next` link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows a page (1 to {MAX_PAGE_SIZE}, default {DEFAULT_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
