"""The checker itself: a broken page must fail it, a good page must pass it.

These tests serve hand-written pages through Playwright's request routing (no database,
no live server), so they show exactly what the checker catches.
"""

import pytest

from tests.browser.axe import (
    AccessibilityError,
    PageChecker,
    assert_no_axe_violations,
    assert_reflows,
    run_axe,
)

ORIGIN = "http://checker.test"

GOOD = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign up – Lowbridge</title></head>
<body><main><h1>Sign up</h1>
<form method="post" action="/signup">
  <label for="email">Email address</label>
  <input id="email" name="email" type="email" autocomplete="email">
  <button type="submit">Sign up</button>
</form></main></body></html>"""

UNLABELLED_INPUT = GOOD.replace('<label for="email">Email address</label>', "")

TOO_WIDE = GOOD.replace(
    "<h1>Sign up</h1>", '<h1>Sign up</h1><div style="width: 700px">A fixed-width banner</div>'
)

CLIPPED = GOOD.replace(
    "<h1>Sign up</h1>",
    '<h1>Sign up</h1><div style="width: 100%; overflow: hidden">'
    '<p style="width: 500px; max-width: none">Words cut off on a narrow screen</p></div>',
)


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def serve(page, html, path="/signup"):
    page.route(
        f"{ORIGIN}{path}",
        lambda route: route.fulfill(status=200, content_type="text/html", body=html),
    )
    page.goto(f"{ORIGIN}{path}")


def test_a_good_page_passes(page, tmp_path):
    serve(page, GOOD)
    assert run_axe(page) == []
    PageChecker(test_name="checker-good", screenshots=False)(page)


def test_an_input_without_a_label_fails_naming_rule_element_and_page(page):
    serve(page, UNLABELLED_INPUT)
    with pytest.raises(AccessibilityError) as error:
        assert_no_axe_violations(page)
    message = str(error.value)
    assert "rule label " in message
    assert "#email" in message
    assert '<input id="email"' in message
    assert f"{ORIGIN}/signup" in message


def test_the_page_checker_fails_on_a_broken_page(page):
    serve(page, UNLABELLED_INPUT)
    with pytest.raises(AccessibilityError, match="rule label"):
        PageChecker(test_name="checker-broken", screenshots=False)(page)


def test_the_checker_works_with_javascript_disabled(chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        serve(page, UNLABELLED_INPUT)
        assert [violation["id"] for violation in run_axe(page)] == ["label"]
    finally:
        context.close()


def test_a_page_wider_than_320_css_pixels_fails_reflow(page):
    serve(page, TOO_WIDE)
    with pytest.raises(AccessibilityError, match="320 CSS px wide") as error:
        assert_reflows(page)
    assert "scrolls sideways" in str(error.value)


def test_content_cut_off_by_a_container_fails_reflow(page):
    serve(page, CLIPPED)
    with pytest.raises(AccessibilityError, match="is cut off"):
        assert_reflows(page)


def test_a_page_that_reflows_passes(page):
    serve(page, GOOD)
    assert_reflows(page)
    assert page.viewport_size == {"width": 1280, "height": 800}


KEYBOARD = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Keys</title>
<style>
  a:focus-visible, button:focus-visible { outline: 3px solid #0b0c0c; }
  .no-focus:focus, .no-focus:focus-visible { outline: none; }
</style></head>
<body><main><h1>Keys</h1>
<a href="#one">First link</a>
<button type="button" class="{button_class}">A button</button>
<a href="#two">Last link</a>
</main></body></html>"""


def test_the_keyboard_check_passes_visible_focus(page):
    from tests.browser.keyboard import KeyboardOnly

    serve(page, KEYBOARD.replace("{button_class}", ""), path="/keys")
    keyboard = KeyboardOnly(page)
    keyboard.tab_to(page.get_by_role("link", name="Last link"))
    keyboard.tab_to(page.get_by_role("link", name="First link"))  # back with Shift+Tab
    assert "Shift+Tab" in keyboard.presses


def test_the_keyboard_check_fails_when_focus_is_invisible(page):
    from tests.browser.keyboard import KeyboardOnly

    serve(page, KEYBOARD.replace("{button_class}", "no-focus"), path="/keys")
    with pytest.raises(AccessibilityError, match="Focus is not visible on <button>"):
        KeyboardOnly(page).tab_to(page.get_by_role("link", name="Last link"))
