"""``/data/proposals.csv``: every visible proposal's counts and states, no personal data.

Served through the open-data helpers of goals/opendata.py (streamed, cached, ETagged,
formula-safe cells) and listed on the /data/ index."""

from django.utils.translation import gettext_lazy as _

from goals import opendata

from ..selectors import OPEN_DATA_FIELDS, proposals_open_data

DATASET = opendata.Dataset(
    slug="proposals",
    filename="proposals.csv",
    url_name="proposals_csv",
    title=_("Proposals"),
    description=_(
        "One row a proposal made in a consultation: consultation, title (blank when hidden "
        "by a moderator), organisation if any, official status, moderation state, supports, "
        "comments, the date it was made and whether its author withdrew it. No names or "
        "other personal data."
    ),
    order=40,
)


def proposals_csv(request):
    def rows():
        for row in proposals_open_data():
            yield [row[field] for field in OPEN_DATA_FIELDS]

    return opendata.csv_response(request, "proposals.csv", OPEN_DATA_FIELDS, rows)


def register():
    """Called from ``apps.ready``: list the file on /data/ and drop the cached copy when
    proposals, supports or comments change."""
    from ..models import Comment, Proposal, Support

    opendata.register(DATASET)
    opendata.invalidate_on(Proposal, Support, Comment)
