"""The maps of places: the areas map, an area's page and a goal page's breakdown by ward,
each checked by axe and the HTML checker (``browse`` runs them on every visit, at the
desktop size and reflowed), and read at 1280 and 320 pixels: the map fits the width,
every area is a link a keyboard reaches."""

import pytest

from tests.browser.sizes import DESKTOP, REFLOW

pytestmark = pytest.mark.browser

PAGES = [
    ("/areas/", "#areas-map-title"),
    ("/areas/riverside/", "#area-map-title"),
    ("/goals/everyone-lives-healthier-for-longer/", "[id$='-areas-title']"),
]


def test_maps_are_accessible_and_reflow(browse):
    visitor = browse()
    page = visitor.page
    for size in (DESKTOP, REFLOW):
        page.set_viewport_size(size)
        for path, title in PAGES:
            visitor.visit(path)
            assert page.locator(title).first.is_visible()
            svg = page.locator("svg.map__svg").first
            svg.scroll_into_view_if_needed()
            box = svg.bounding_box()
            assert box["width"] <= size["width"] and box["height"] > 100, (path, box)
            # Every area on the map is a link with a name, and the keyboard reaches it.
            links = svg.locator("a.map__area")
            assert links.count() >= 12
            assert all(name for name in links.evaluate_all("ls => ls.map(l => l.ariaLabel)"))
            links.first.focus()
            assert page.evaluate("() => document.activeElement.matches('a.map__area')")
            table = page.locator(".map__table").first
            assert table.locator("tbody tr").count() == links.count()
