"""Focus is visible on every focusable element, in normal colours and in forced colours.

Windows contrast themes (CSS ``forced-colors: active``) replace the page's colours with
the system's, remove every ``box-shadow`` and paint outlines in a system colour (even a
``transparent`` one). A focus style made of a box-shadow and a background alone, with
``outline: none``, therefore vanishes there (WCAG 2.4.7). Chromium emulates the mode
(``page.emulate_media(forced_colors="active")``) and its computed styles show what the
mode does, so for each focusable element we compare its computed style focused (as by the
keyboard: ``:focus-visible``) and unfocused:

- normal colours: a visible outline (not ``none``, wider than 0, not transparent) or a
  box-shadow, differing from the unfocused style;
- forced colours: an outline (box-shadows are gone), differing from the unfocused style.
"""

from __future__ import annotations

from tests.browser.errors import AccessibilityError

_FOCUS_ALL_JS = """(forced) => {
  const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"]), [contenteditable="true"]';
  const pick = (el) => {
    const s = getComputedStyle(el);
    return {outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth,
            outlineColor: s.outlineColor, boxShadow: s.boxShadow};
  };
  const transparent = (colour) => colour === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(colour);
  const hasOutline = (st) => st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0
    && (forced || !transparent(st.outlineColor));
  const hasShadow = (st) => !forced && st.boxShadow && st.boxShadow !== 'none';
  const describe = (el) => {
    const name = (el.getAttribute('aria-label') || el.innerText || el.value || el.name
      || el.id || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}> ${JSON.stringify(name)}`;
  };
  const problems = [];
  let checked = 0;
  const before = document.activeElement;
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.closest('[inert], wagtail-userbar, template')) continue;
    // Elements that cannot be seen cannot show focus (closed <details>, display: none);
    // a skip link off-screen becomes visible when it has focus, so it is checked.
    if (!el.checkVisibility({visibilityProperty: true}) && !el.classList.contains('skip-link')) {
      continue;
    }
    el.blur();
    const unfocused = pick(el);
    el.focus({focusVisible: true, preventScroll: true});
    if (document.activeElement !== el) continue;  // not focusable after all
    checked += 1;
    const focused = pick(el);
    const differs = ['outlineStyle', 'outlineWidth', 'outlineColor', 'boxShadow']
      .some((key) => focused[key] !== unfocused[key]);
    if (!el.matches(':focus-visible') || !(hasOutline(focused) || hasShadow(focused)) || !differs) {
      problems.push(`${describe(el)}: focused ${JSON.stringify(focused)}, `
        + `unfocused ${JSON.stringify(unfocused)}`);
    }
    el.blur();
  }
  // Chromium remembers, per radio group, the radio focused last: with none checked, the
  // next Tab into the group lands there instead of on its first radio (as it does for a
  // person who has never been in the group). Focusing each radio above would leave every
  // group's last radio as the landing place, so give each group its own back.
  const groups = new Set();
  for (const radio of document.querySelectorAll('input[type="radio"][name]')) {
    const key = `${radio.form ? Array.from(document.forms).indexOf(radio.form) : -1}/${radio.name}`;
    if (groups.has(key)) continue;
    groups.add(key);
    const scope = radio.form || document;
    const group = Array.from(scope.querySelectorAll('input[type="radio"]'))
      .filter((other) => other.name === radio.name && other.form === radio.form);
    const landing = group.find((other) => other.checked) || group[0];
    landing.focus({preventScroll: true});
    landing.blur();
  }
  // Leave focus, and where the next Tab starts from, as they were: at the top of the page
  // when nothing had focus (the last element focused here would otherwise be the start).
  if (before && before !== document.body && before.focus) {
    before.focus({preventScroll: true});
  } else {
    const start = document.createElement('span');
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus({preventScroll: true});
    start.blur();
    start.remove();
  }
  return {checked, problems: problems.slice(0, 12), total: problems.length};
}"""


def focus_problems(page, *, forced: bool) -> dict:
    page.emulate_media(forced_colors="active" if forced else "none")
    try:
        return page.evaluate(_FOCUS_ALL_JS, forced)
    finally:
        if forced:
            page.emulate_media(forced_colors="none")


def assert_focus_visible(page) -> None:
    """Every focusable element shows focus, with the page's colours and forced colours."""
    failures = []
    for label, forced in (("normal colours", False), ("forced colours", True)):
        result = focus_problems(page, forced=forced)
        if result["problems"]:
            failures.append(
                f"In {label}, focus is not visible on {result['total']} of "
                f"{result['checked']} focusable elements:\n"
                + "\n".join(f"    - {problem}" for problem in result["problems"])
            )
    if failures:
        raise AccessibilityError(f"Invisible focus on {page.url}:\n" + "\n".join(failures))
