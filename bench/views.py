"""The floor: the least a Django page on this stack can cost.

Twenty rows from one indexed query (the proposal list's own index), rendered by a
minimal template through the same middleware, template loader and server as every
page. The benchmark divides the floor's throughput by each page's to get its
``floor_ratio``.
"""

from django.shortcuts import render

from consultations.models import Proposal


def floor(request, consultation_id):
    rows = list(
        Proposal.objects.filter(consultation_id=consultation_id)
        .order_by("-support_count", "-id")
        .values_list("id", "title", "support_count")[:20]
    )
    return render(request, "bench/floor.html", {"rows": rows})
