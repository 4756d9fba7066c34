"""The one failure every browser accessibility check raises."""


class AccessibilityError(AssertionError):
    """An axe violation, a reflow or focus failure, invalid HTML or unreadable text."""
