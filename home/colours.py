"""Colour arithmetic for the site's branding: hex parsing and WCAG 2.2 contrast ratios."""

import re

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
WHITE = "#ffffff"
TEXT = "#0b0c0c"  # the site's text colour (static/css/site.css --text)
MIN_CONTRAST = 4.5  # WCAG 2.2 AA, normal text


def normalise_hex(value: str) -> str | None:
    """``#ABC`` → ``#aabbcc``; ``None`` when the value is not a hex colour."""
    value = (value or "").strip()
    if not HEX_COLOUR.match(value):
        return None
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return f"#{digits}"


def relative_luminance(hex_colour: str) -> float:
    """WCAG relative luminance of an sRGB colour given as ``#rrggbb``."""
    digits = normalise_hex(hex_colour)
    if digits is None:
        raise ValueError(f"not a hex colour: {hex_colour!r}")
    channels = [int(digits[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
