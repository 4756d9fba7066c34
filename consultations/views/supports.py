"""Supporting an idea and withdrawing a support, by a form POST or by htmx (which gets
the button back)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from consultations import permissions, selectors, services
from consultations.models import Action, Proposal, Support
from core.exceptions import ActionRefused
from core.views import safe_next

SUPPORT_FIELDS = (
    "consultation",
    "consultation__live",
    "consultation__supports_per_person",
    "moderation_state",
    "support_count",
    "title",
    "withdrawn_at",
)


def _proposal_for_support(pk):
    """What a support or a withdrawal needs of the proposal: the columns the permission
    predicates, the counter and the button read, with its consultation (whose phases load
    on first use: a prefetch costs twice the query for one consultation). Only proposals
    everyone can see may be supported, so no role is asked. Measured by make bench: on
    every click the rest of the row would cost more than the other queries together."""
    return get_object_or_404(
        Proposal.objects.visible_to(None).select_related("consultation").only(*SUPPORT_FIELDS),
        pk=pk,
    )


def _support_response(request, proposal, *, supported=None, error=None):
    """After a support or a withdrawal: back to the page, or for htmx the button again.
    ``supported`` is whether the person now supports the proposal, when the action said."""
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(safe_next(request, proposal.get_absolute_url()))
    user = request.user
    now = timezone.now()
    proposal.refresh_from_db(fields=["support_count"])
    if supported is None:
        supported = Support.objects.filter(user=user, proposal=proposal).exists()
    count = proposal.support_count
    counted = ngettext("%(count)d support.", "%(count)d supports.", count) % {"count": count}
    if error:
        announce = f"{error} {counted}"
    elif supported:
        announce = _("You support this idea.") + " " + counted
    else:
        announce = _("You no longer support this idea.") + " " + counted
    return render(
        request,
        "consultations/includes/support_button.html",
        {
            "proposal": proposal,
            "is_supported": supported,
            "can_support": permissions.can_support(user, proposal, now),
            "can_unsupport": supported and permissions.can_unsupport(user, proposal, now),
            "support_open": proposal.consultation.is_open_for(Action.SUPPORT, now),
            "support_error": error,
            # Said by the page's live region after the update (static/js/updates.js).
            "announce": announce,
            "next": safe_next(request, proposal.get_absolute_url()),
            "supports_left": selectors.supports_left(user, proposal.consultation),
        },
    )


def _login_required_htmx(view):
    """Like ``login_required``, but an htmx request is sent to the sign-in page as a
    whole-page navigation (``HX-Redirect``) instead of swapping it into the button."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.htmx:
            response = HttpResponse(status=204)
            target = request.headers.get("HX-Current-URL") or request.path
            response["HX-Redirect"] = redirect_to_login(target)["Location"]
            return response
        return redirect_to_login(request.get_full_path())

    return wrapped


@require_POST
@_login_required_htmx
def support(request, pk):
    # A form POST is done in one statement when it can be; htmx answers with the button,
    # which needs the proposal anyway, and every other case is decided below.
    if not request.htmx and services.support_at_once(request.user, pk):
        return redirect(safe_next(request, Proposal(pk=pk).get_absolute_url()))
    proposal = _proposal_for_support(pk)
    try:
        services.add_support(request.user, proposal)
    except ActionRefused as refused:
        return _support_response(request, proposal, error=str(refused))
    return _support_response(request, proposal, supported=True)


@require_POST
@_login_required_htmx
def unsupport(request, pk):
    if not request.htmx and services.withdraw_support_at_once(request.user, pk):
        return redirect(safe_next(request, Proposal(pk=pk).get_absolute_url()))
    proposal = _proposal_for_support(pk)
    try:
        services.withdraw_support(request.user, proposal)
    except ActionRefused as refused:
        return _support_response(request, proposal, error=str(refused))
    return _support_response(request, proposal, supported=False)
