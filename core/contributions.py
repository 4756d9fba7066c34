"""What apps higher up add to a page of an app lower down, without being imported by it.

A goal's page lists the consultations open on it, and a goal's card shows its pledges:
consultations and pledges sit above goals in the import order, so goals cannot ask them.
Instead goals declares a ``Contributions`` for the page, and each app above fills it in
its ``AppConfig.ready``::

    # goals/selectors.py (the lower app declares what may be added)
    goal_page_sections = Contributions("goal page")

    # consultations/apps.py (the higher app adds to it)
    goal_page_sections.add("open_consultations", selectors.open_consultations_for_goal)

The lower app's selector then calls ``goal_page_sections.collect(goal)`` and gets
``{"open_consultations": [...]}``: a context with whatever the installed apps provide.
"""

from collections.abc import Callable


class Contributions:
    """Named providers of one kind of addition (say, sections of a goal's page)."""

    def __init__(self, name: str):
        self.name = name
        self._providers: dict[str, Callable] = {}

    def add(self, key: str, provider: Callable) -> None:
        """Add (or replace) the provider of ``key``; ``provider`` takes what ``collect``
        is called with."""
        self._providers[key] = provider

    def collect(self, *args, **kwargs) -> dict:
        """Each provider's answer, by key."""
        return {key: provider(*args, **kwargs) for key, provider in self._providers.items()}
