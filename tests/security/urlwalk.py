"""Walk the project's URL configuration, so new URLs are covered by the security tests
without anyone remembering to add them."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Third-party URL trees with their own tests upstream; the project's checks on them
# (admin MFA, allauth limits) are tested separately.
THIRD_PARTY_PREFIXES = (
    "admin/",
    "django-admin/",
    "documents/",
    "accounts/",
    "media/",
    "static/",
    "_util/",
)


@dataclass(frozen=True)
class ProjectURL:
    name: str  # "namespace:name", or the route when unnamed
    route: str  # e.g. "pledges/<int:pk>/join/"
    params: tuple[str, ...]
    callback: object

    def __str__(self):
        return self.name


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, route, ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else route
            params = tuple(entry.pattern.converters)
            yield ProjectURL(name=name, route=route, params=params, callback=entry.callback)


def every_url() -> list[ProjectURL]:
    """Every URL pattern, third-party ones included."""
    return list(_walk(get_resolver().url_patterns))


SAMPLE_BY_CONVERTER = {
    "int": "1",
    "slug": "x",
    "str": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000001",
}


def sample_path(url: ProjectURL, values: dict | None = None) -> str | None:
    """A concrete path for ``url``: ``values`` for its parameters, else harmless samples.
    ``None`` for regular-expression routes that cannot be filled in simply."""
    import re

    values = values or {}
    route = url.route
    if "^" in route or "(?" in route or "\\" in route:
        return None

    def fill(match):
        converter, name = match.group(1) or "str", match.group(2)
        return str(values.get(name, SAMPLE_BY_CONVERTER.get(converter, "x")))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def project_urls() -> list[ProjectURL]:
    """Every URL pattern the project itself defines (not Wagtail's page catch-all)."""
    urls = []
    for url in _walk(get_resolver().url_patterns):
        if url.route.startswith(THIRD_PARTY_PREFIXES):
            continue
        if url.route.startswith("^") or "wagtail" in getattr(url.callback, "__module__", ""):
            continue  # Wagtail's serve view: pages are walked from the page tree instead
        urls.append(url)
    return urls


def all_params(url: ProjectURL) -> set[str]:
    import re

    return set(re.findall(r"<(?:\w+:)?(\w+)>", url.route))
