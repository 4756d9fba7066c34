"""Window sizes the accessibility checks use (CSS pixels)."""

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
REFLOW = {"width": 320, "height": 640}  # WCAG 1.4.10: content reflows at 320 CSS px
ZOOM_200 = {"width": 640, "height": 400}  # a 1280×800 window at 200% zoom
