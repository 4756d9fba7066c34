from io import StringIO

import pytest
from django.core.management import call_command

from pledges.models import Pledge
from tests.factories import ConditionalPledgeFactory, PledgeJoinFactory

pytestmark = pytest.mark.django_db


def test_check_counts_repairs_pledge_join_count(goal):
    pledge = ConditionalPledgeFactory(goal=goal)
    PledgeJoinFactory(pledge=pledge)
    PledgeJoinFactory(pledge=pledge)
    Pledge.objects.filter(pk=pledge.pk).update(join_count=7)

    out = StringIO()
    call_command("check_counts", stdout=out)

    assert f"pledge join_count: #{pledge.pk} says 7, rows say 2" in out.getvalue()
    pledge.refresh_from_db()
    assert pledge.join_count == 2
    out = StringIO()
    call_command("check_counts", stdout=out)
    assert "pledge join_count: all correct" in out.getvalue()
