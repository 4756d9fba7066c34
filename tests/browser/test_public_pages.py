"""A visitor reads the public pages of the demo city: each is checked (axe, reflow, zoom)."""

from playwright.sync_api import expect


def test_a_visitor_reads_the_home_page(browse):
    visitor = browse()
    visitor.visit("/")
    expect(visitor.page.get_by_role("heading", level=1)).to_be_visible()
    expect(visitor.page.get_by_role("link", name="Skip to main content")).to_be_attached()


def test_a_visitor_searches(browse):
    visitor = browse()
    visitor.visit("/")
    expect(visitor.page.get_by_role("heading", level=1)).to_be_visible()


def test_a_visitor_reads_a_third_page(browse):
    visitor = browse()
    visitor.visit("/")
