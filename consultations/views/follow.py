"""Following a consultation, and the one-click unsubscribe of its emails."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from consultations import services
from consultations.models import ConsultationPage
from consultations.unsubscribe import LINK
from core.exceptions import ActionRefused
from core.views import safe_next


def _consultation(pk):
    return get_object_or_404(ConsultationPage.objects.live().public(), pk=pk)


@require_POST
@login_required
def follow(request, consultation_id):
    consultation = _consultation(consultation_id)
    try:
        services.follow(request.user, consultation)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("You are following this consultation. We will email you when a phase opens."),
        )
    return redirect(safe_next(request, consultation.url or "/"))


@require_POST
@login_required
def unfollow(request, consultation_id):
    consultation = _consultation(consultation_id)
    services.unfollow(request.user, consultation)
    messages.success(request, _("You no longer follow this consultation."))
    return redirect(safe_next(request, consultation.url or "/"))


@csrf_exempt  # the signed token is the credential (RFC 8058 one-click POSTs have no CSRF token)
def unsubscribe(request, token):
    """One-click unsubscribe from an email link, no sign-in needed. GET shows a button
    (so link scanners change nothing); POST, including RFC 8058 one-click, applies it."""
    data = LINK.read(token)
    if data is None:
        return render(
            request,
            "consultations/unsubscribe.html",
            {"page_title": _("This link does not work"), "invalid": True},
            status=400,
        )
    consultation = None
    if data.get("p"):
        consultation = ConsultationPage.objects.filter(pk=data["p"]).first()
    done = False
    if request.method == "POST":
        services.unsubscribe(data)
        done = True
    return render(
        request,
        "consultations/unsubscribe.html",
        {
            "page_title": _("Unsubscribe"),
            "kind": data["k"],
            "consultation": consultation,
            "done": done,
        },
    )
