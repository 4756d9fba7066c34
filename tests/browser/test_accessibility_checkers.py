"""The checkers beyond axe's WCAG rules, each shown to fail on a page with the defect
and to pass on the same page without it: axe's best-practice rules at 1280 and 320 px,
focus in forced colours, chart text size, announced in-page updates and valid HTML.

Like test_axe_checker.py, these serve hand-written pages through Playwright's request
routing (no database, no live server).
"""

import re
from pathlib import Path

import pytest

from tests.browser.axe import AccessibilityError, PageChecker, assert_no_axe_violations
from tests.browser.charts import assert_chart_text_readable
from tests.browser.focus import assert_focus_visible
from tests.browser.updates import use_update

ORIGIN = "http://checker.test"
STATIC = Path(__file__).resolve().parents[2] / "static"

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ideas – Lowbridge</title>
<style>
  a:focus-visible {{ background: #fd0; box-shadow: 0 4px #0b0c0c; {link_outline} }}
  button:focus-visible {{ outline: 3px solid #0b0c0c; }}
  .wrap {{ overflow-x: auto; }}
</style>
{head}</head>
<body><header><p><a href="/">Lowbridge</a></p></header>
{outside}
<main><h1>Ideas</h1>
{main}
</main></body></html>"""

GOOD_PARTS = {
    "link_outline": "outline: 3px solid transparent;",
    "head": "",
    "outside": "",
    "main": '<h2>Most supported</h2><p><a href="#one">A cycle lane on Mill Road</a></p>',
}


def make(**parts) -> str:
    return PAGE.format(**{**GOOD_PARTS, **parts})


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def serve(page, html, path="/ideas", extra=None):
    page.route(
        f"{ORIGIN}{path}",
        lambda route: route.fulfill(status=200, content_type="text/html", body=html),
    )
    for route_path, (content_type, body) in (extra or {}).items():
        page.route(
            f"{ORIGIN}{route_path}",
            lambda route, c=content_type, b=body: route.fulfill(status=200, content_type=c, body=b),
        )
    page.goto(f"{ORIGIN}{path}")


def test_the_good_page_passes_every_checker(page):
    serve(page, make())
    assert_no_axe_violations(page)
    assert_focus_visible(page)
    PageChecker(test_name="checkers-good", screenshots=False)(page)


# axe's best-practice rules ------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "parts"),
    [
        ("heading-order", {"main": '<h3>Most supported</h3><p><a href="#one">An idea</a></p>'}),
        ("landmark-one-main", None),
        ("region", {"outside": '<p class="message">You are signed in.</p>'}),
        (
            "scrollable-region-focusable",
            {
                "main": '<div class="wrap"><table style="white-space: nowrap">'
                "<caption>Figures</caption><tr>"
                + "".join(f"<td>A long cell of figures number {n}</td>" for n in range(12))
                + "</tr></table></div>"
            },
        ),
    ],
)
def test_each_best_practice_rule_fails_a_page_that_breaks_it(page, rule, parts):
    html = (
        make(**parts) if parts else make().replace("<main>", "<div>").replace("</main>", "</div>")
    )
    serve(page, html)
    with pytest.raises(AccessibilityError, match=f"rule {rule} "):
        assert_no_axe_violations(page)


def test_a_scrolling_table_that_keyboards_can_reach_passes(page):
    rows = "".join(f"<td>A long cell of figures number {n}</td>" for n in range(12))
    serve(
        page,
        make(
            main='<div class="wrap" tabindex="0" role="region" aria-labelledby="cap">'
            '<table style="white-space: nowrap">'
            f'<caption id="cap">Figures</caption><tr>{rows}</tr></table></div>'
        ),
    )
    assert_no_axe_violations(page)


def test_the_page_checker_runs_axe_at_320_pixels_too(page):
    # Only at 320 px does this table overflow and need to be reachable by keyboard.
    wide = make(
        main="<style>@media (max-width: 40em) { .cell { white-space: nowrap; } }</style>"
        '<div class="wrap"><table><caption>Figures</caption><tr>'
        + "".join(f'<td class="cell">Figures number {n}</td>' for n in range(3))
        + "</tr></table></div>"
    )
    serve(page, wide)
    assert_no_axe_violations(page)  # at 1280 px nothing scrolls
    with pytest.raises(
        AccessibilityError, match=r"(?s)At 320 CSS px wide.*scrollable-region-focusable"
    ):
        PageChecker(test_name="checkers-320", screenshots=False)(page)


# Focus in forced colours ----------------------------------------------------------------


def test_a_focus_style_of_box_shadow_alone_fails_in_forced_colours(page):
    # The audit's finding: outline: none with a box-shadow; contrast themes drop the shadow.
    serve(page, make(link_outline="outline: none;"))
    with pytest.raises(AccessibilityError) as error:
        assert_focus_visible(page)
    message = str(error.value)
    assert "In forced colours" in message
    assert "In normal colours" not in message
    assert "A cycle lane on Mill Road" in message


def test_no_focus_style_at_all_fails_in_normal_colours(page):
    serve(
        page,
        make(link_outline="outline: none;").replace(
            "box-shadow: 0 4px #0b0c0c;", "box-shadow: none;"
        ),
    )
    with pytest.raises(AccessibilityError, match="In normal colours"):
        assert_focus_visible(page)


RADIO_GROUP = """<form><fieldset><legend>How do you usually travel?</legend>
<label><input type="radio" name="mode" value="bus"> Bus</label>
<label><input type="radio" name="mode" value="bike"> Bike</label>
<label><input type="radio" name="mode" value="walk"> Walk</label></fieldset>
<button>Continue</button></form>"""


def test_checking_focus_leaves_tab_landing_on_a_radio_groups_first_option(page):
    # Chromium remembers the radio focused last in a group with none checked, and the
    # next Tab into the group lands there. The checker focuses every radio in turn; it
    # must hand the group back as a person finds it, or a keyboard journey that Tabs
    # into the group after a check lands on its last option.
    serve(
        page,
        make(main=RADIO_GROUP).replace(
            "button:focus-visible", "input:focus-visible, button:focus-visible"
        ),
    )
    assert_focus_visible(page)
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name === 'mode'"):
            break
    assert page.evaluate("() => document.activeElement.value") == "bus"


# Chart text ------------------------------------------------------------------------------

SVG_TEXT_CHART = """<figure><svg viewBox="0 0 640 280" width="640" height="280" role="img"
aria-label="Chart" style="width: 100%; height: auto"><style>text { font-size: 12px; }</style>
<line x1="60" x2="620" y1="240" y2="240" stroke="black"/>
<text x="60" y="260">2024</text><text x="300" y="260">2025</text></svg>
<figcaption>Figures over time</figcaption></figure>"""

HTML_LABEL_CHART = """<figure><div style="display: grid; font-size: 0.875rem">
<svg viewBox="0 0 640 240" width="640" height="240" role="img" aria-label="Chart"
style="width: 100%; height: auto"><line x1="0" x2="640" y1="230" y2="230" stroke="black"/></svg>
<div aria-hidden="true"><span>2024</span> <span>2025</span></div></div>
<figcaption>Figures over time</figcaption></figure>"""


def test_svg_text_that_shrinks_on_a_phone_fails(page):
    serve(page, make(main=SVG_TEXT_CHART))
    with pytest.raises(AccessibilityError) as error:
        assert_chart_text_readable(page)
    message = str(error.value)
    assert re.search(r"at 320 CSS px wide, '2024' is [0-9.]+ px", message), message
    assert "does not grow with text zoom" in message


def test_html_chart_labels_in_rem_pass(page):
    serve(page, make(main=HTML_LABEL_CHART))
    assert_chart_text_readable(page)


# Announced updates (htmx) ----------------------------------------------------------------

WIDGET = """<div class="support" id="support-1"{announce}><p>{count}</p>
<form method="post" action="/support" data-hx-post="/support" data-hx-target="#support-1"
data-hx-swap="outerHTML"><button type="submit">{label}</button></form></div>"""


def widget_page(*, live_region: bool, script: bool) -> str:
    region = '<div id="live-status" role="status" aria-live="polite"></div>' if live_region else ""
    scripts = '<script src="/static/js/htmx.min.js"></script>'
    if script:
        scripts += '<script src="/static/js/updates.js"></script>'
    return make(
        head=scripts,
        main=region + WIDGET.format(announce="", count="3 supports", label="Support"),
    )


def routes_for_widget():
    fragment = WIDGET.format(
        announce=' data-announce="You support this idea. 4 supports."',
        count="4 supports",
        label="Withdraw my support",
    )
    return {
        "/static/js/htmx.min.js": (
            "application/javascript",
            (STATIC / "js" / "htmx.min.js").read_text(),
        ),
        "/static/js/updates.js": (
            "application/javascript",
            (STATIC / "js" / "updates.js").read_text(),
        ),
        "/support": ("text/html", fragment),
    }


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_an_update_with_the_site_script_keeps_focus_and_is_announced(page, key):
    serve(page, widget_page(live_region=True, script=True), extra=routes_for_widget())
    state = use_update(
        page,
        page.get_by_role("button", name="Support"),
        key,
        widget="#support-1",
        announcement="You support this idea.",
    )
    assert "Withdraw my support" in state["focused"]


def test_an_update_without_the_script_loses_focus(page):
    serve(page, widget_page(live_region=True, script=False), extra=routes_for_widget())
    with pytest.raises(AccessibilityError, match="Focus was lost"):
        use_update(
            page,
            page.get_by_role("button", name="Support"),
            "Enter",
            widget="#support-1",
            announcement="You support this idea.",
        )


def test_an_update_without_a_live_region_fails(page):
    serve(page, widget_page(live_region=False, script=True), extra=routes_for_widget())
    with pytest.raises(AccessibilityError, match="No live region"):
        use_update(
            page,
            page.get_by_role("button", name="Support"),
            "Space",
            widget="#support-1",
            announcement="You support this idea.",
        )


# The Nu Html Checker ---------------------------------------------------------------------


@pytest.fixture
def vnu(html_checker):
    """The session's Nu Html Checker (tests/browser/conftest.py): one Java service per
    test process is enough, and it fails there when required but missing."""
    if html_checker is None:
        pytest.skip("The Nu Html Checker is not available (see the warning)")
    return html_checker


def test_valid_html_passes_the_nu_checker(vnu):
    vnu.assert_valid(make(), f"{ORIGIN}/ideas")


@pytest.mark.parametrize(
    ("defect", "message"),
    [
        ('<form method="post" hx-post="/support"><button>Support</button></form>', "hx-post"),
        ('<form method="get" action=""><button>Show</button></form>', "action"),
        (
            '<p><time datetime="2026-05-01T09:30:00.123456+00:00">1 May</time></p>',
            "fraction of a second",
        ),
    ],
)
def test_the_nu_checker_fails_invalid_html(vnu, defect, message):
    with pytest.raises(AccessibilityError, match="Nu Html Checker error") as error:
        vnu.assert_valid(make(main=defect), f"{ORIGIN}/ideas")
    assert message in str(error.value)


def test_the_page_checker_validates_what_the_server_sent(page, vnu):
    html = make(main='<form method="get" action=""><button>Show</button></form>')
    checker = PageChecker(test_name="checkers-vnu", screenshots=False, html_checker=vnu)
    checker.watch(page)
    serve(page, html)
    with pytest.raises(AccessibilityError, match="Bad value “” for attribute “action”"):
        checker(page)
