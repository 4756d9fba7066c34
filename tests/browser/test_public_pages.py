"""A visitor reads the public pages of the demo city: each is checked (axe, reflow, zoom)."""

import re

from playwright.sync_api import expect


def test_a_visitor_reads_the_home_page(browse):
    visitor = browse()
    visitor.visit("/")
    expect(visitor.page.get_by_role("heading", level=1)).to_be_visible()
    expect(visitor.page.get_by_role("link", name="Skip to main content")).to_be_attached()


def test_a_visitor_searches(browse):
    visitor = browse()
    page = visitor.page
    visitor.visit("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    main_nav = page.get_by_role("navigation", name="Main")
    visitor.click(main_nav.get_by_role("link", name="Search"), navigates=True)
    visitor.check("search")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.get_by_text("Type a word or two")).to_be_visible()

    visitor.fill(page.get_by_label("Search goals, consultations, organisations and ideas"), "cycle")
    visitor.click(page.get_by_role("main").get_by_role("button", name="Search"), navigates=True)
    visitor.check("results")
    assert re.search(r"[?&]q=cycle(&|$)", page.url), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results")
    expect(page.get_by_label("Search goals, consultations, organisations and ideas")).to_have_value(
        "cycle"
    )
    # Grouped, each group saying in words what it holds; what matches is found, and
    # what does not match is not.
    pages = page.get_by_role("region", name=re.compile(r"^Goals, consultations and pages: \d"))
    organisations = page.get_by_role("region", name=re.compile(r"^Organisations: \d"))
    expect(pages.get_by_role("link", name="Walking and cycling for short journeys")).to_be_visible()
    expect(organisations.get_by_role("link", name="Lowbridge Cycle Hub")).to_be_visible()
    expect(page.get_by_role("link", name="Clean air for every street")).to_have_count(0)

    # One group on its own, then a result followed to its page.
    visitor.click(
        page.get_by_role("navigation", name="Kind of result").get_by_role(
            "link", name=re.compile(r"^Organisations \(\d+\)$")
        ),
        navigates=True,
    )
    visitor.check("organisations")
    assert "type=organisations" in page.url, page.url
    expect(page.get_by_role("heading", level=2)).to_have_text(re.compile(r"^Organisations: \d"))
    expect(page.get_by_role("link", name="Walking and cycling for short journeys")).to_have_count(0)
    visitor.click(page.get_by_role("link", name="Lowbridge Cycle Hub"), navigates=True)
    visitor.check("organisation")
    assert visitor.path() == "/organisations/lowbridge-cycle-hub/", visitor.path()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lowbridge Cycle Hub")

    # A search that matches nothing says so, and what to try instead.
    visitor.visit("/search/?q=zeppelin", "no-results")
    expect(page.get_by_role("heading", level=2)).to_have_text("No results for “zeppelin”")
    expect(page.locator(".search-result")).to_have_count(0)


def test_a_visitor_reads_a_third_page(browse):
    """Home page, the goals, one goal: each reached by following a link, as a visitor
    does, and each the page the link said."""
    visitor = browse()
    page = visitor.page
    visitor.visit("/")
    main_nav = page.get_by_role("navigation", name="Main")
    visitor.click(main_nav.get_by_role("link", name="City goals", exact=True), navigates=True)
    visitor.check("goals")
    assert visitor.path() == "/goals/", visitor.path()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(main_nav.get_by_role("link", name="City goals", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    goal = page.get_by_role("main").get_by_role("link", name="Clean air for every street")
    visitor.click(goal.first, navigates=True)
    visitor.check("goal")
    assert visitor.path() == "/goals/clean-air-for-every-street/", visitor.path()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clean air for every street")
    expect(page.get_by_text("World Health Organization").first).to_be_visible()
    # Where the visitor is: the breadcrumbs lead back, the menu marks the section.
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumbs.get_by_role("link", name="Home")).to_have_attribute("href", "/")
    expect(breadcrumbs.get_by_role("link", name="City goals", exact=True)).to_have_attribute(
        "href", "/goals/"
    )
    expect(main_nav.get_by_role("link", name="City goals", exact=True)).to_have_attribute(
        "aria-current", "true"
    )
