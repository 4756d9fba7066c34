"""What pledges add to the pages of the apps below them (registered in ``apps.py``)."""

from pledges.selectors import pledge_counts_for


def pledge_counts_for_cards(goal_ids):
    """Pledge counts for the goal index's cards: one grouped query for all of them."""
    return pledge_counts_for(goal_ids)
