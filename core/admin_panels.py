"""A Wagtail dashboard panel of "what waits for you": a few counts, each with a link.

Apps add their own rows from ``construct_homepage_panels`` in their ``wagtail_hooks``
(consultations: reports queued and proposals without a response; goals: sign-offs
awaiting), so the dashboard shows convenors and moderators their work on arrival.
"""

from dataclasses import dataclass

from wagtail.admin.ui.components import Component


@dataclass(frozen=True)
class WaitingRow:
    label: str  # already counted and translated, e.g. "3 reports in the queue"
    count: int
    url: str


class WaitingPanel(Component):
    template_name = "core/admin/waiting_panel.html"

    def __init__(self, name: str, heading: str, rows: list[WaitingRow], order: int = 50):
        self.name = name
        self.heading = heading
        self.rows = rows
        self.order = order

    def get_context_data(self, parent_context=None):
        return {"panel": self, "rows": self.rows}
