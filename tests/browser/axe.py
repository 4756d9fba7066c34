"""Accessibility checks in a real browser: axe-core, reflow at 320 CSS px and 200% zoom.

Every journey calls :func:`check_page` (or :func:`visit`, which navigates first) on every
page it sees. One call:

1. runs the vendored axe-core (``vendor/axe.min.js``) with the WCAG 2.0, 2.1 and 2.2
   level A and AA rule tags and four of its best-practice rules (``BEST_PRACTICE_RULES``:
   heading order, one main landmark, all content in landmarks, scrollable regions
   focusable), at 1280 and at 320 CSS px wide; any violation fails the test with the rule,
   the element (its CSS target and HTML) and the page address;
2. saves a full-page screenshot at desktop (1280×800) and phone (375×812) widths under
   ``tests/browser/screenshots/<test>/`` (git-ignored), for a person to review the look;
3. checks reflow (WCAG 1.4.10) at 320 CSS px wide and at 200% zoom of a 1280 px window
   (a 640 CSS px viewport): the page must not scroll sideways and no content may be cut
   off by a container that hides its overflow or pushed out of view.

4. checks that focus is visible on every focusable element, in normal and in forced
   colours (``focus.py``), that chart text is readable (``charts.py``) and, when the Nu
   Html Checker is available, that the page's HTML is valid (``html_checker.py``).

Pages of the Wagtail admin get the WCAG rules at 1280 px only (see ``ADMIN_POLICY``).
The page is left at the desktop size afterwards. Identical pages (same address and the
same DOM) are checked once per test; :class:`PageChecker` remembers them, and a page that
passed in one test, in the same conditions (scripting, media features, options), is not
checked again in the next: journeys meet the same pages (sign-in, a goal) again and again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tests.browser.charts import assert_chart_text_readable
from tests.browser.errors import AccessibilityError
from tests.browser.focus import assert_focus_visible
from tests.browser.sizes import DESKTOP, PHONE, REFLOW, ZOOM_200

__all__ = ["DESKTOP", "PHONE", "REFLOW", "ZOOM_200", "AccessibilityError"]

AXE_VERSION = "4.14.1"
AXE_PATH = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
# Not WCAG failures by themselves, but what makes a page hard to find one's way around:
# skipped heading levels, no (or several) main landmarks, text outside every landmark, and
# a scrolling box (a wide table) that a keyboard cannot reach to scroll.
BEST_PRACTICE_RULES = (
    "heading-order",
    "landmark-one-main",
    "region",
    "scrollable-region-focusable",
)
SCREENSHOT_DIR = Path(__file__).parent / "screenshots"
# The screenshots are for a person to look at; CI, whose checkout nobody looks at, turns
# them off with CITYGOALS_SCREENSHOTS=0 (they assert nothing, and cost two full-page
# captures per page).
SCREENSHOTS_ENV = "CITYGOALS_SCREENSHOTS"

TOLERANCE_PX = 1  # sub-pixel rounding

_axe_source: str | None = None


def axe_source() -> str:
    global _axe_source
    if _axe_source is None:
        source = AXE_PATH.read_text(encoding="utf-8")
        if f"axe v{AXE_VERSION}" not in source[:200]:
            raise RuntimeError(f"{AXE_PATH} is not axe-core {AXE_VERSION}")
        _axe_source = source
    return _axe_source


# With JavaScript disabled, DevTools can still evaluate code, but timers never fire, and
# axe-core schedules its work with setTimeout. On such pages (and only there) timers and
# animation frames are replaced by microtasks, which do run.
_SCRIPTING_ENABLED_JS = """() => {
  const probe = document.createElement('div');
  probe.innerHTML = '<noscript><i></i></noscript>';
  return !probe.querySelector('noscript i');
}"""
_TIMER_SHIM_JS = """() => {
  const soon = (fn, args) => Promise.resolve().then(() => fn(...args));
  window.setTimeout = (fn, ms, ...args) => {
    if (typeof fn === 'function') soon(fn, args);
    return 0;
  };
  window.clearTimeout = () => {};
  window.requestAnimationFrame = (fn) => { soon(fn, [performance.now()]); return 0; };
}"""


def _inject_axe(page) -> None:
    if page.evaluate("() => typeof window.axe === 'object'"):
        return
    if not page.evaluate(_SCRIPTING_ENABLED_JS):
        page.evaluate(_TIMER_SHIM_JS)
    # Evaluated through the DevTools protocol, not a <script> tag: this works on pages
    # whose JavaScript is disabled too (the no-JavaScript journey).
    page.evaluate(axe_source())
    if not page.evaluate("() => typeof window.axe === 'object'"):
        raise RuntimeError("axe-core could not be injected into the page")


def run_axe(
    page, *, include=None, exclude=None, disable_rules=(), best_practice: bool = True
) -> list[dict]:
    """Run axe-core on the page and return its violations (a list of axe result dicts).

    ``include``/``exclude`` are lists of CSS selectors scoping the run; ``disable_rules``
    turns rules off (only for explicitly listed, reasoned exceptions); ``best_practice``
    adds ``BEST_PRACTICE_RULES`` to the WCAG rules.
    """
    _inject_axe(page)
    context: dict = {}
    if include:
        context["include"] = [[selector] for selector in include]
    if exclude:
        context["exclude"] = [[selector] for selector in exclude]
    options = {
        "runOnly": {"type": "tag", "values": list(WCAG_TAGS)},
        "resultTypes": ["violations"],
        "rules": {
            **({rule: {"enabled": True} for rule in BEST_PRACTICE_RULES} if best_practice else {}),
            **{rule: {"enabled": False} for rule in disable_rules},
        },
    }
    return page.evaluate(
        """async ([context, options]) => {
            // Check the settled page, not colours half-way through a fade-in.
            for (const animation of document.getAnimations()) {
                try { animation.finish(); } catch (error) { /* infinite: leave it */ }
            }
            const target = (context.include || context.exclude) ? context : document;
            const results = await window.axe.run(target, options);
            return results.violations;
        }""",
        [context, options],
    )


def format_violations(violations: list[dict], url: str) -> str:
    lines = [f"{len(violations)} axe-core violation(s) (WCAG 2.2 A/AA, best practice) on {url}:"]
    for violation in violations:
        lines.append(
            f"- rule {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f"  <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(
                json.dumps(t) if not isinstance(t, str) else t for t in node["target"]
            )
            lines.append(f"    element {target}: {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:400]}")
    return "\n".join(lines)


def _without_known_issues(page, violations: list[dict], known_issues) -> list[dict]:
    """Drop the nodes of violations listed in ``known_issues`` {(rule, selector): reason}."""
    remaining = []
    for violation in violations:
        selectors = [sel for (rule, sel) in known_issues if rule == violation["id"]]
        nodes = violation["nodes"]
        if selectors:
            nodes = [
                node
                for node in nodes
                if not page.evaluate(
                    """([target, selectors]) => {
                        const el = document.querySelector(target);
                        return !!el && selectors.some((s) => el.closest(s));
                    }""",
                    [node["target"][0], selectors],
                )
            ]
        if nodes:
            remaining.append({**violation, "nodes": nodes})
    return remaining


def assert_no_axe_violations(page, known_issues=None, **kwargs) -> None:
    violations = run_axe(page, **kwargs)
    if known_issues:
        violations = _without_known_issues(page, violations, known_issues)
    if violations:
        raise AccessibilityError(format_violations(violations, page.url))


# Reflow ---------------------------------------------------------------------------

_REFLOW_JS = """([tolerance, excluded]) => {
  const root = document.documentElement;
  // Measure the settled layout: finish transitions the resize started (a sliding menu).
  void document.body.offsetWidth;
  for (const animation of document.getAnimations()) {
    try { animation.finish(); } catch (error) { /* infinite: leave it */ }
  }
  const vw = root.clientWidth;
  const problems = [];
  let excludedOffenders = 0;
  const describe = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += '#' + el.id;
    if (el.classList.length) text += '.' + Array.from(el.classList).join('.');
    const words = (el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    return words ? `${text} ("${words}")` : text;
  };
  const isExcluded = (el) => excluded.some((selector) => el.closest(selector));
  // The nearest ancestor that clips or scrolls horizontally (null: the page itself).
  const clipper = (el) => {
    for (let a = el.parentElement; a && a !== document.body && a !== root; a = a.parentElement) {
      const overflow = getComputedStyle(a).overflowX;
      if (overflow !== 'visible') return [a, overflow];
    }
    return [null, 'visible'];
  };
  const reported = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (reported.some((outer) => outer.contains(el))) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (el.closest('[hidden], [aria-hidden="true"], .visually-hidden')) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) continue;  // visually hidden text
    // Entirely off-screen to the left or above (a skip link before it has focus).
    if (rect.right <= 0 || rect.bottom <= 0) continue;
    const [box, overflow] = clipper(el);
    let limit = vw;
    let what = `the ${vw}px viewport`;
    if (box) {
      if (overflow === 'auto' || overflow === 'scroll') continue;  // it scrolls: fine
      const boxRect = box.getBoundingClientRect();
      limit = boxRect.left + box.clientLeft + box.clientWidth;
      what = `${describe(box)}, which hides what overflows it`;
    }
    if (rect.right > limit + tolerance && rect.left < limit) {
      if (isExcluded(el)) { excludedOffenders += 1; continue; }
      reported.push(el);
      problems.push(`${describe(el)} is cut off: its right edge is at ${Math.round(rect.right)}px, `
        + `beyond ${what} (${Math.round(limit)}px)`);
    }
  }
  if (root.scrollWidth > vw + tolerance && !(problems.length === 0 && excludedOffenders > 0)) {
    problems.unshift(
      `the page scrolls sideways: ${root.scrollWidth}px of content in a ${vw}px viewport`);
    if (problems.length === 1) {
      // Nothing visible sticks out: name what reaches furthest right (often text that is
      // visually hidden but positioned far to the right).
      let widest = null;
      let right = 0;
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right > right) { right = r.right; widest = el; }
      }
      if (widest) {
        problems.push(`furthest right: ${describe(widest)} (right edge at ${Math.round(right)}px)`
          + `, inside ${describe(widest.parentElement)}`);
      }
    }
  }
  return problems.slice(0, 15);
}"""


def reflow_problems(page, size: dict, exclude=()) -> list[str]:
    page.set_viewport_size(size)
    return page.evaluate(_REFLOW_JS, [TOLERANCE_PX, list(exclude)])


def assert_reflows(page, exclude=()) -> None:
    """No sideways scrolling and nothing cut off at 320 CSS px and at 200% zoom.

    ``exclude``: CSS selectors of parts not checked (see ``ADMIN_POLICY``).
    """
    failures = []
    for label, size in (("320 CSS px wide", REFLOW), ("200% zoom (640 CSS px)", ZOOM_200)):
        problems = reflow_problems(page, size, exclude)
        if problems:
            failures.append(f"At {label}:\n" + "\n".join(f"    - {p}" for p in problems))
    page.set_viewport_size(DESKTOP)
    if failures:
        raise AccessibilityError(f"Reflow failures on {page.url}:\n" + "\n".join(failures))


# Screenshots ----------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "page"


def save_screenshots(page, folder: Path, name: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        path = folder / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True, animations="disabled")
        paths.append(path)
    page.set_viewport_size(DESKTOP)
    return paths


# The Wagtail admin ----------------------------------------------------------------

# Pages under /admin/ are Wagtail's admin, a third-party interface with its own
# accessibility programme, with some of our views inside it. Policy:
# - axe runs on the WHOLE admin page with the same WCAG 2.2 A/AA rules. Only the known
#   Wagtail issues listed here, each with a reason, are accepted (none are needed today).
# - Reflow and zoom are checked on OUR admin views (``our_views``), except for the parts
#   of Wagtail's own layout listed in ``reflow_exclude``: our content must reflow.
#   Wagtail's own screens (dashboard, page explorer and editor, workflow dashboard…) are
#   not checked for reflow: their layout is Wagtail's (the page editor keeps its
#   minimap and comment buttons beside the form, and truncates panel headings).
ADMIN_PREFIX = "/admin/"
ADMIN_POLICY = {
    "our_views": ("/admin/consultations/", "/admin/our-goals/", "/admin/audit-trail/"),
    # (rule id, CSS selector): reason. A violation of that rule by an element inside
    # that selector is accepted on admin pages; anything else fails.
    "known_axe_issues": {
        ("aria-input-field-name", ".public-DraftEditor-content"): (
            "Wagtail's rich text editor (Draftail) gives its contenteditable textbox no "
            "accessible name; the field's visible label is not linked to it. Wagtail's "
            "editor, not ours."
        ),
    },
    "reflow_exclude": {
        # Wagtail's page header puts the page title in a large font beside an icon and
        # the collapsed menu; at 320 px a long word ("Moderation") is wider than the
        # room left. Wagtail's layout, not ours.
        "header.w-header",
        # Wagtail's stylesheet makes every select field inline-block
        # (``.w-field--select{display:inline-block}``), so a select is as wide as its
        # longest option: a proposal's title does not fit 320 px. Wagtail's styling, not
        # ours; where options are long sentences we use radio buttons (moderation).
        ".w-field--select",
    },
}


def is_admin_page(url: str) -> bool:
    return urlsplit(url).path.startswith(ADMIN_PREFIX)


# The per-test checker -------------------------------------------------------------

# Pages that passed every check in this session (this process: each pytest-xdist worker
# has its own), by address, DOM and conditions (``PageChecker._conditions``). Only
# passes are remembered: a failing page is checked, and fails, every time.
_PASSED: set[str] = set()

_MEDIA_JS = """() => Object.fromEntries([
  'forced-colors: active', 'prefers-color-scheme: dark', 'prefers-reduced-motion: reduce',
  'prefers-contrast: more', 'print',
].map((query) => [query, matchMedia(`(${query})`).matches]).concat([
  ['dpr', window.devicePixelRatio],
]))"""


@dataclass
class PageChecker:
    """Checks every page a journey visits; one per test (see the ``check`` fixture).

    ``html_checker`` (an ``html_checker.HtmlChecker``, or None where Java or vnu.jar is
    missing) validates the HTML the server sent for each page; after an in-page update
    (htmx) it validates the page as it now is (the DOM, serialised).
    """

    test_name: str
    screenshots: bool = field(default_factory=lambda: os.environ.get(SCREENSHOTS_ENV) != "0")
    html_checker: object | None = None
    checked: set[str] = field(default_factory=set)
    checked_urls: set[str] = field(default_factory=set)
    validated: set[str] = field(default_factory=set)
    count: int = 0
    _documents: dict = field(default_factory=dict)

    def watch(self, page) -> None:
        """Remember the last HTML document each page received, to validate its source."""

        def remember(response):
            request = response.request
            if request.resource_type == "document" and response.frame == page.main_frame:
                self._documents[id(page)] = response

        page.on("response", remember)

    def _fingerprint(self, page) -> str:
        html = page.evaluate("() => document.documentElement.outerHTML")
        # CSRF tokens differ on every render; they do not change what axe sees.
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
        return hashlib.sha256(f"{page.url}\n{html}".encode()).hexdigest()

    def _source(self, page) -> str:
        """The HTML the server sent for the page shown, or, once that was validated (an
        in-page update changed the page since), the page as it is now."""
        response = self._documents.get(id(page))
        if response is not None and response.url.split("#")[0] == page.url.split("#")[0]:
            try:
                source = response.text()
            except Exception:  # the body is gone (a later navigation): use the DOM
                source = None
            if source is not None:
                key = hashlib.sha256(f"{page.url}\n{source}".encode()).hexdigest()
                if key not in self.validated:
                    self.validated.add(key)
                    return source
        return page.content()

    def _conditions(self, page, axe_options: dict) -> str:
        """What else the checks' outcome depends on besides the address and the DOM."""
        media = page.evaluate(_MEDIA_JS)
        media["scripting"] = page.evaluate(_SCRIPTING_ENABLED_JS)
        options = sorted((key, repr(value)) for key, value in axe_options.items())
        return json.dumps([media, options, self.screenshots], sort_keys=True, default=str)

    def __call__(self, page, name: str | None = None, **axe_options) -> None:
        page.wait_for_load_state("load")
        self.checked_urls.add(page.url.split("#")[0])
        fingerprint = self._fingerprint(page)
        if fingerprint in self.checked:
            return
        self.checked.add(fingerprint)
        admin = is_admin_page(page.url)
        passed_key = f"{fingerprint}\n{self._conditions(page, axe_options)}"
        if passed_key in _PASSED:
            # Another test of this session saw this very page, in the same conditions,
            # pass every check: they would pass again. The HTML the server sent may still
            # differ (a parser repairs some errors into the same DOM), so it is validated
            # (the checker remembers what it found valid).
            if self.html_checker is not None and not admin:
                self.html_checker.assert_valid(self._source(page), page.url)
            return
        self._check(page, name, admin, axe_options)
        _PASSED.add(passed_key)

    def _check(self, page, name: str | None, admin: bool, axe_options: dict) -> None:
        self.count += 1
        page.set_viewport_size(DESKTOP)
        reflow_exclude = ()
        check_reflow = True
        if admin:
            axe_options.setdefault("known_issues", ADMIN_POLICY["known_axe_issues"])
            axe_options.setdefault("best_practice", False)
            reflow_exclude = tuple(ADMIN_POLICY["reflow_exclude"])
            path = urlsplit(page.url).path
            check_reflow = path.startswith(ADMIN_POLICY["our_views"])
        if self.html_checker is not None and not admin:
            self.html_checker.assert_valid(self._source(page), page.url)
        assert_no_axe_violations(page, **axe_options)
        if not admin:
            page.set_viewport_size(REFLOW)
            try:
                assert_no_axe_violations(page, **axe_options)
            except AccessibilityError as error:
                raise AccessibilityError(f"At 320 CSS px wide: {error}") from None
            finally:
                page.set_viewport_size(DESKTOP)
            assert_focus_visible(page)
            assert_chart_text_readable(page)
        if check_reflow:
            assert_reflows(page, exclude=reflow_exclude)
        if self.screenshots:
            title = name or page.title().split(" – ")[0]
            save_screenshots(
                page, SCREENSHOT_DIR / _slug(self.test_name), f"{self.count:02d}-{_slug(title)}"
            )


def visit(page, url: str, check: PageChecker, name: str | None = None, **axe_options):
    """Go to ``url`` as a person would (typing the address), then check the page."""
    response = page.goto(url)
    check(page, name, **axe_options)
    return response
