"""Query parameters outside a FilterSet or form, read one validated way.

Lists filter through their FilterSets (``*/filters.py``) and forms validate their
fields; the few views that read a parameter directly (a search term, an id to redirect
to, the page a pledge is made from, the audit trail's filters) read it through these
functions. Each answers a clean value or ``None``/``""``: a value a person could not
have meant (a NUL byte, which PostgreSQL refuses in text; a Unicode digit such as
``²``, which ``str.isdigit`` accepts and ``int`` refuses; an id past the database's
range; a string of thousands of characters) is ignored, never a 500.
"""

import re
import unicodedata

# Django's largest AutoField/BigAutoField key: a longer id cannot name a row.
MAX_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
DEFAULT_MAX_LENGTH = 200


def clean_text(raw, max_length: int = DEFAULT_MAX_LENGTH) -> str:
    """``raw`` with control characters (NUL among them) removed, whitespace collapsed and
    cut to ``max_length``: a search term or a filter value."""
    if not isinstance(raw, str):
        return ""
    kept = "".join(ch for ch in raw if unicodedata.category(ch) != "Cc" or ch in "\t\n")
    return " ".join(kept.split())[:max_length]


def text(params, name: str, max_length: int = DEFAULT_MAX_LENGTH) -> str:
    """The text parameter ``name`` of ``params`` (``request.GET``), cleaned."""
    return clean_text(params.get(name, ""), max_length)


def parse_id(raw) -> int | None:
    """A positive database id written in ASCII digits, else ``None``."""
    if not isinstance(raw, str) or not _ASCII_DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


def object_id(params, name: str) -> int | None:
    """The id parameter ``name`` of ``params``, or ``None`` when absent or not an id."""
    return parse_id(params.get(name, ""))


def choice(params, name: str, choices) -> str:
    """The parameter ``name`` if it is one of ``choices``, else ``""``."""
    value = params.get(name, "")
    return value if value in choices else ""
