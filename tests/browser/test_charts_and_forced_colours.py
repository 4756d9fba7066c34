"""A goal's chart on a phone and focused links in forced colours, checked and photographed
(``tests/browser/screenshots/accessibility/``, git-ignored) for a person to review."""

import itertools

import pytest
from playwright.sync_api import expect

from tests.browser.axe import SCREENSHOT_DIR
from tests.browser.charts import chart_text_sizes
from tests.browser.focus import focus_problems
from tests.browser.sizes import REFLOW

pytestmark = pytest.mark.browser

FOLDER = SCREENSHOT_DIR / "accessibility"
GAP_PX = 4  # between two axis labels, so that "2027" and "2029" never read "20272029"


def test_a_goal_chart_is_readable_at_320_pixels(browse):
    visitor = browse()
    page = visitor.page
    visitor.visit("/goals/clean-air-for-every-street/")
    page.set_viewport_size(REFLOW)
    chart = page.locator("figure.chart").first
    chart.scroll_into_view_if_needed()
    expect(chart.locator(".chart__x-axis span").first).to_be_visible()
    sizes = chart_text_sizes(page, REFLOW)
    assert sizes and min(size["px"] for size in sizes) >= 12, sizes
    # Each label sits at its own tick, a space apart from the next (labels the page
    # failed to place pile up at one corner), and the years run across the whole width.
    placed = {}
    for axis, ordered_by in ((".chart__x-axis span", "x"), (".chart__y-label", "y")):
        boxes = [
            box
            for box in (label.bounding_box() for label in chart.locator(axis).all())
            if box and box["width"]
        ]
        assert len(boxes) >= 2, axis
        boxes.sort(key=lambda box: box[ordered_by])
        extent = "width" if ordered_by == "x" else "height"
        for before, after in itertools.pairwise(boxes):
            assert before[ordered_by] + before[extent] + GAP_PX <= after[ordered_by], (axis, boxes)
        placed[axis] = boxes
    plot = chart.locator("svg").bounding_box()
    assert placed[".chart__x-axis span"][-1]["x"] > plot["x"] + plot["width"] / 2
    FOLDER.mkdir(parents=True, exist_ok=True)
    chart.screenshot(path=str(FOLDER / "goal-chart-320px.png"), animations="disabled")
    page.emulate_media(forced_colors="active")
    chart.screenshot(
        path=str(FOLDER / "goal-chart-320px-forced-colours.png"), animations="disabled"
    )
    page.emulate_media(forced_colors="none")


def test_focused_links_show_in_forced_colours(browse):
    visitor = browse()
    page = visitor.page
    visitor.visit("/")
    page.emulate_media(forced_colors="active")
    result = focus_problems(page, forced=True)
    assert result["checked"] > 5 and not result["problems"], result
    page.emulate_media(forced_colors="active")
    FOLDER.mkdir(parents=True, exist_ok=True)
    # By keyboard: the skip link, then the site's name, then the first menu link.
    for number in range(1, 4):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.matches(':focus-visible')")
        assert focused
        page.screenshot(
            path=str(FOLDER / f"forced-colours-focus-{number}.png"),
            clip={"x": 0, "y": 0, "width": 1280, "height": 220},
            animations="disabled",
        )
    main_link = page.get_by_role("main").get_by_role("link").first
    main_link.focus()
    main_link.scroll_into_view_if_needed()
    box = main_link.bounding_box()
    page.screenshot(
        path=str(FOLDER / "forced-colours-focus-main-link.png"),
        clip={"x": 0, "y": max(0, box["y"] - 80), "width": 1280, "height": 200},
        animations="disabled",
    )
    style = main_link.evaluate(
        "(el) => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert style == ["solid", "3px"], style
    page.emulate_media(forced_colors="none")
