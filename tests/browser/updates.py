"""In-page updates (htmx): after one, focus is on the updated control and it is announced.

htmx replaces a widget with the server's new version of it; unless the page does
something, the focused button goes with the old widget (focus falls to ``<body>``, WCAG
2.4.3) and nothing tells a screen reader what happened (4.1.3). :func:`use_update` presses
a control by keyboard (Enter or Space), waits for the update, then checks that

- focus is inside the updated widget, on a control of it (or the widget itself), never
  ``<body>``, and shows (``:focus-visible``);
- the page's polite live region (``#live-status``, present before the update) says the
  expected words.
"""

from __future__ import annotations

import contextlib
import re

from playwright.sync_api import Error as PlaywrightError

from tests.browser.errors import AccessibilityError
from tests.browser.keyboard import KeyboardOnly

_FOCUS_JS = """(selector) => {
  const el = document.activeElement;
  const widget = document.querySelector(selector);
  const region = document.getElementById('live-status');
  return {
    lost: !el || el === document.body || el === document.documentElement,
    inside: !!(widget && el && widget.contains(el)),
    visible: !!el && el.matches(':focus-visible'),
    focused: el ? `<${el.tagName.toLowerCase()}> ${(el.innerText || '').trim().slice(0, 60)}` : '',
    region: region ? {
      live: region.getAttribute('aria-live') || (region.getAttribute('role') === 'status'
        ? 'polite' : ''),
      text: region.textContent.trim(),
    } : null,
  };
}"""


def use_update(page, control, key: str, *, widget: str, announcement: str) -> dict:
    """Press ``control`` with ``key`` (keyboard only); check focus and the announcement.

    ``widget``: CSS selector of what the update replaces (e.g. ``#support-12``).
    """
    keyboard = KeyboardOnly(page)
    region_before = page.evaluate(
        "() => { const r = document.getElementById('live-status');"
        " return r ? r.getAttribute('aria-live') || r.getAttribute('role') : null; }"
    )
    if not region_before:
        raise AccessibilityError(
            f"No live region #live-status (aria-live or role=status) on {page.url} "
            "before the update: an announcement made into a region added later is not read"
        )
    with page.expect_response(lambda response: response.request.method == "POST"):
        keyboard.activate(control, key)
    pattern = re.compile(re.escape(announcement))
    # Waited for; if the words never come, the checks below say what the region holds.
    with contextlib.suppress(PlaywrightError):
        page.wait_for_function(
            """([pattern]) => {
                const region = document.getElementById('live-status');
                return region && new RegExp(pattern).test(region.textContent);
            }""",
            arg=[pattern.pattern],
            timeout=5_000,
        )
    state = page.evaluate(_FOCUS_JS, widget)
    where = f"on {page.url} after {key} on {control}"
    if state["lost"]:
        raise AccessibilityError(f"Focus was lost (it is on <body>) {where}")
    if not state["inside"]:
        raise AccessibilityError(f"Focus is not on the updated control {where}: {state['focused']}")
    if not state["visible"]:
        raise AccessibilityError(f"Focus is not visible {where}: {state['focused']}")
    region = state["region"]
    if not region or region["live"] not in ("polite", "assertive"):
        raise AccessibilityError(f"The live region #live-status is gone or not live {where}")
    if announcement not in region["text"]:
        raise AccessibilityError(
            f"The update was not announced {where}: the live region says {region['text']!r}, "
            f"not {announcement!r}"
        )
    return state
