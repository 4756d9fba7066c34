"""What drf-spectacular needs to know beyond the viewsets: which endpoints are the
API's (Wagtail's own admin API is not), and names for choice sets that share a field
name (``SPECTACULAR_SETTINGS`` points here)."""

from consultations.models import Proposal
from goals.models import Indicator
from organisations.models import Organisation
from places.models import Area
from pledges.models import Pledge

ORGANISATION_KIND = Organisation.Kind
INDICATOR_KIND = Indicator.Kind
PLEDGE_STATUS = Pledge.Status
PROPOSAL_STATUS = Proposal.Status
AREA_KIND = Area.Kind


def only_the_api(endpoints):
    """Keep /api/v1/ only."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
