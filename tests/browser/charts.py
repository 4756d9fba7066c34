"""Chart text is readable: at least 12 CSS px as rendered, and it grows with text zoom.

Text inside an SVG is sized in the drawing's units, so a chart 640 units wide shown 290 px
wide on a phone draws "12px" labels at about 5 px, and enlarging the text size (browser
text zoom, which scales ``rem``) leaves it unchanged. For every text of a chart (SVG
``<text>`` and the HTML labels around a drawing, ``figure`` elements holding an ``svg``)
we measure the rendered size at 320 CSS px and at 1280, then double the root font size (as
text zoom does) and measure again: the text must be at least 12 px and must have grown.
"""

from __future__ import annotations

from tests.browser.errors import AccessibilityError
from tests.browser.sizes import DESKTOP, REFLOW

MIN_PX = 12.0

_CHART_TEXT_JS = """() => {
  const sizes = [];
  for (const figure of document.querySelectorAll('figure')) {
    if (!figure.querySelector('svg')) continue;
    const caption = figure.querySelector('figcaption');
    const walker = document.createTreeWalker(figure, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent.trim() || !el || (caption && caption.contains(el))) continue;
      if (el.closest('title, desc, .visually-hidden')) continue;
      if (!el.checkVisibility({visibilityProperty: true})) continue;
      const fontSize = parseFloat(getComputedStyle(el).fontSize);
      let rendered = fontSize;
      const svgText = el.closest('svg text');
      if (svgText) {
        const matrix = svgText.getScreenCTM();
        rendered = fontSize * (matrix ? Math.hypot(matrix.a, matrix.b) : 1);
      }
      sizes.push({text: node.textContent.trim().slice(0, 30), px: rendered});
    }
  }
  return sizes;
}"""


def chart_text_sizes(page, size: dict, zoom: bool = False) -> list[dict]:
    page.set_viewport_size(size)
    if zoom:
        page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    try:
        return page.evaluate(_CHART_TEXT_JS)
    finally:
        if zoom:
            page.evaluate("() => { document.documentElement.style.fontSize = ''; }")


def assert_chart_text_readable(page) -> None:
    problems = []
    for label, size in (("320 CSS px wide", REFLOW), ("1280 CSS px wide", DESKTOP)):
        normal = chart_text_sizes(page, size)
        if not normal:
            break  # no charts on this page
        zoomed = chart_text_sizes(page, size, zoom=True)
        for before in normal:
            if before["px"] < MIN_PX - 0.05:
                problems.append(f"at {label}, {before['text']!r} is {before['px']:.1f} px")
        for before, after in zip(normal, zoomed, strict=False):
            if after["px"] < before["px"] * 1.5:
                problems.append(
                    f"at {label}, {before['text']!r} does not grow with text zoom "
                    f"({before['px']:.1f} px, {after['px']:.1f} px at 200% text)"
                )
    page.set_viewport_size(DESKTOP)
    if problems:
        raise AccessibilityError(
            f"Chart text too small on {page.url} (at least {MIN_PX:g} px, growing with "
            "text zoom):\n" + "\n".join(f"    - {p}" for p in problems[:15])
        )
