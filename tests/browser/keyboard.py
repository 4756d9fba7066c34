"""Keyboard-only use: reach each control with Tab / Shift+Tab, use it with Enter or Space.

After every key press that moves focus, the focused element is checked:

- focus is never lost: ``document.activeElement`` is an element, never ``<body>``;
- focus is visible: the focused element has an outline (not ``none``, wider than 0) or a
  box-shadow, and that style differs from the same element's style without focus;
- focus is never trapped: Tab never stays on the same element, and the control the
  person is looking for is reached within a page's worth of presses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.browser.errors import AccessibilityError

MAX_PRESSES = 150

# Describes the focused element and compares its style with focus and without.
_FOCUS_STATE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) {
    return {lost: true};
  }
  const pick = (style) => ({
    outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth,
    outlineColor: style.outlineColor, boxShadow: style.boxShadow,
    backgroundColor: style.backgroundColor, color: style.color,
  });
  const focused = pick(getComputedStyle(el));
  const hasIndicator = (focused.outlineStyle !== 'none' && parseFloat(focused.outlineWidth) > 0)
    || (focused.boxShadow && focused.boxShadow !== 'none');
  el.blur();
  const unfocused = pick(getComputedStyle(el));
  el.focus({focusVisible: true});
  const differs = ['outlineStyle', 'outlineWidth', 'outlineColor', 'boxShadow']
    .some((key) => focused[key] !== unfocused[key]);
  const name = (el.getAttribute('aria-label') || el.innerText || el.value
    || (el.labels && el.labels[0] && el.labels[0].innerText) || el.name || '').trim();
  window.__focusIds = window.__focusIds || new WeakMap();
  if (!window.__focusIds.has(el)) {
    window.__focusCount = (window.__focusCount || 0) + 1;
    window.__focusIds.set(el, window.__focusCount);
  }
  return {
    id: String(window.__focusIds.get(el)),
    lost: false,
    tag: el.tagName.toLowerCase(),
    name: name.replace(/\\s+/g, ' ').slice(0, 80),
    visible: hasIndicator && differs,
    focused, unfocused,
    stillFocused: document.activeElement === el,
  };
}"""


@dataclass
class KeyboardOnly:
    """Drives one page with the keyboard alone, checking focus after every press."""

    page: object
    presses: list[str] = field(default_factory=list)

    def _state(self) -> dict:
        return self.page.evaluate(_FOCUS_STATE_JS)

    def _is_target_focused(self, locator) -> bool:
        return locator.evaluate("(el) => el === document.activeElement")

    def _target_is_before_focus(self, locator) -> bool:
        return locator.evaluate(
            """(el) => {
                const active = document.activeElement;
                if (!active || active === document.body) return false;
                return !!(active.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
            }"""
        )

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        self.presses.append(key)
        if key not in ("Tab", "Shift+Tab"):
            return {}
        state = self._state()
        where = f"on {self.page.url} after {key}"
        if state["lost"]:
            raise AccessibilityError(f"Focus was lost (document.activeElement is <body>) {where}")
        if not state["visible"]:
            raise AccessibilityError(
                f"Focus is not visible on <{state['tag']}> {state['name']!r} {where}: "
                f"focused style {state['focused']}, unfocused style {state['unfocused']}"
            )
        return state

    def tab_to(self, locator) -> None:
        """Press Tab (or Shift+Tab if the target is above) until ``locator`` has focus."""
        locator.wait_for(state="visible")
        if self._is_target_focused(locator):
            return
        key = "Shift+Tab" if self._target_is_before_focus(locator) else "Tab"
        seen: list[str] = []
        previous = None
        for _ in range(MAX_PRESSES):
            state = self.press(key)
            identity = f"<{state['tag']}> {state['name']!r}"
            if self._is_target_focused(locator):
                return
            if previous is not None and state["id"] == previous["id"]:
                raise AccessibilityError(
                    f"Focus is trapped on {identity} on {self.page.url}: {key} does not move it"
                )
            previous = state
            seen.append(identity)
        raise AccessibilityError(
            f"Could not reach {locator} with {key} on {self.page.url} in {MAX_PRESSES} presses; "
            f"focus went through: {seen[:40]}"
        )

    def activate(self, locator, key: str = "Enter") -> None:
        self.tab_to(locator)
        self.press(key)

    def type_into(self, locator, text: str) -> None:
        self.tab_to(locator)
        self.page.keyboard.press("Control+a")
        self.page.keyboard.type(text)
