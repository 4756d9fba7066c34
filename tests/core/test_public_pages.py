"""``public()`` on the project's page types (core.pages): Wagtail's rule, in the same
statement as the query that asks."""

import pytest
from wagtail.models import Page, PageViewRestriction

from goals.models import GoalPage
from tests.factories.goals import create_goal

pytestmark = pytest.mark.django_db


def test_a_restricted_section_is_left_out_as_wagtail_leaves_it_out(
    home_page, django_assert_num_queries
):
    open_goal = create_goal(title="Clean air")
    private_goal = create_goal(title="Warm homes")
    PageViewRestriction.objects.create(
        page=private_goal, restriction_type=PageViewRestriction.LOGIN
    )

    with django_assert_num_queries(1):  # Wagtail reads the restrictions first: two
        public = set(GoalPage.objects.live().public().values_list("pk", flat=True))
    assert open_goal.pk in public and private_goal.pk not in public
    wagtail_rule = set(Page.objects.type(GoalPage).live().public().values_list("pk", flat=True))
    assert public == wagtail_rule
    assert set(GoalPage.objects.not_public().values_list("pk", flat=True)) == {private_goal.pk}


def test_a_page_under_a_restricted_parent_is_private(home_page):
    goal = create_goal(title="Clean air")
    PageViewRestriction.objects.create(
        page=goal.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert not GoalPage.objects.live().public().filter(pk=goal.pk).exists()
    assert not GoalPage.objects.live().public().exists()
