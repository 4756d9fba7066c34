from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.personal import shared_page
from home.search import GROUP_KEYS, clean_query, run_search


@never_cache
@require_GET
def healthz(request):
    """503 when the database does not answer (this instance cannot serve); otherwise 200,
    with ``"cache": "ok"`` or ``"unavailable"``.

    A cache outage answers 200 on purpose: the site serves without its cache
    (core/cache.py), and every instance shares the one Redis, so a 503 would take every
    healthy instance out of the load balancer at once for a fault none of them can fix.
    Alert on ``"cache": "unavailable"`` instead."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse(
            {"status": "unavailable", "reason": f"database: {error.__class__.__name__}"},
            status=503,
        )
    return JsonResponse({"status": "ok", "cache": "ok" if cache_answers() else "unavailable"})


def cache_answers() -> bool:
    """Does the cache take a write and give it back? ``ResilientRedisCache`` asks Redis
    itself (its reads and writes never raise); other backends are probed."""
    probe = getattr(cache, "is_available", None)
    if probe is not None:
        return probe()
    try:
        cache.set("healthz:probe", "1", 10)
        return cache.get("healthz:probe") == "1"
    except Exception:
        return False


@shared_page
@require_GET
def search(request):
    """Search pages, organisations and proposals; results grouped, each group paginated."""
    query = clean_query(request.GET.get("q", ""))
    group_key = request.GET.get("type") if request.GET.get("type") in GROUP_KEYS else None
    groups, page = ([], None)
    if query:
        groups, page = run_search(query, group_key, request.GET.get("page"))
    chosen = next((g for g in groups if g.key == group_key), None)
    if query:
        title = _("Search results for “%(query)s”") % {"query": query}
        if chosen:
            title = _("%(group)s matching “%(query)s”") % {"group": chosen.label, "query": query}
    else:
        title = _("Search")
    return render(
        request,
        "home/search.html",
        {
            "query": query,
            "groups": groups,
            "chosen": chosen,
            "results": page,
            "total": sum(g.count for g in groups),
            "page_title": title,
        },
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", {"page_title": _("Page not found")}, status=404)


def server_error(request):
    """Rendered from the template alone, with no request context: no context processor,
    no session, no database. The database may be why we are here."""
    return HttpResponseServerError(loader.get_template("500.html").render())
