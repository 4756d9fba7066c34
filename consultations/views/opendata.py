import csv

from django.conf import settings
from django.http import StreamingHttpResponse

from goals.opendata import safe_cell

from ..selectors import OPEN_DATA_FIELDS, proposals_open_data


class _Echo:
    def write(self, value):
        return value


def proposals_csv(request):
    """Every visible proposal's consultation, title, organisation, status, moderation
    state, supports, comments and date: no personal data. Streamed."""
    writer = csv.DictWriter(_Echo(), fieldnames=OPEN_DATA_FIELDS)

    def rows():
        yield writer.writeheader()
        for row in proposals_open_data():
            # A title starting "=" must not run as a spreadsheet formula (CSV injection).
            yield writer.writerow({key: safe_cell(value) for key, value in row.items()})

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="proposals.csv"'
    response["X-Licence"] = settings.OPEN_DATA_LICENCE_NAME
    response["Link"] = f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
    return response
