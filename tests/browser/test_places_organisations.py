"""Organisations in places: an organisation's page with the wards it is based in, the
directory filtered by its "Based in" select, and a commitment's page naming its wards.
Each page is checked by axe and the HTML checker (``browse`` runs them on every visit)
and read at 1280 and 320 pixels: the areas are links to their pages, and the line and
the filter fit the width."""

import pytest
from playwright.sync_api import expect

from commitments.models import Commitment
from organisations.models import Organisation
from places.models import Area
from tests.browser.sizes import DESKTOP, REFLOW

pytestmark = pytest.mark.browser

# Based in Riverside and Wyre Vale (demo/wards.py's ORGANISATION_WARDS); the council
# serves the whole place and is based in none.
TRUST = "wyre-rivers-trust"
COUNCIL = "lowbridge-city-council"


def _fits(page, locator, size) -> None:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"], box


def test_an_organisation_page_names_its_wards_and_the_directory_filters_by_one(browse):
    trust = Organisation.objects.get(slug=TRUST)
    council = Organisation.objects.get(slug=COUNCIL)
    riverside = Area.objects.get(name="Riverside")
    wyre_vale = Area.objects.get(name="Wyre Vale")
    commitment = Commitment.objects.filter(lead_organisation=trust).order_by("pk").first()
    commitment.areas.set([wyre_vale, riverside])
    visitor = browse()
    page = visitor.page
    main = page.get_by_role("main")

    for size in (DESKTOP, REFLOW):
        page.set_viewport_size(size)

        # The organisation's page: "Based in: Riverside, Wyre Vale", each a link.
        visitor.visit(trust.get_absolute_url(), f"organisation-{size['width']}")
        based_in = main.locator("p", has_text="Based in:")
        expect(based_in).to_have_text("Based in: Riverside, Wyre Vale")
        expect(based_in.get_by_role("link", name="Riverside")).to_have_attribute(
            "href", riverside.get_absolute_url()
        )
        _fits(page, based_in, size)

        # The directory: a person chooses a ward in "Based in" and asks for the list.
        visitor.visit("/organisations/", f"directory-{size['width']}")
        expect(main.get_by_role("link", name=council.name)).to_be_visible()
        select = page.get_by_label("Based in")
        select.select_option(label="Riverside")
        visitor.click(page.get_by_role("button", name="Show organisations"), navigates=True)
        visitor.check(f"directory-riverside-{size['width']}")
        assert "area=riverside" in page.url, page.url
        expect(page.get_by_label("Based in")).to_have_value("riverside")
        expect(main.get_by_role("link", name=trust.name)).to_be_visible()
        expect(main.get_by_role("link", name=council.name)).to_have_count(0)
        expect(main.get_by_role("link", name="Clear filters")).to_be_visible()
        _fits(page, page.get_by_label("Based in"), size)

        # A commitment placed in two wards names them, by name, each a link.
        visitor.visit(commitment.get_absolute_url(), f"commitment-{size['width']}")
        where = main.locator("p", has_text="Where:").first
        expect(where).to_have_text("Where: Riverside, Wyre Vale")
        expect(where.get_by_role("link", name="Wyre Vale")).to_have_attribute(
            "href", wyre_vale.get_absolute_url()
        )
        _fits(page, where, size)
