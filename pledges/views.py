"""Pledge pages: the walls, making a pledge, a pledge's page, progress updates, joining,
and "my pledges". Thin: a form or the walls' FilterSet (``pledges.filters``) reads the
request, rules live in ``pledges.permissions``, reads in ``pledges.selectors``, writes in
``pledges.services``; a refusal is answered by ``core.views.refused``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import params
from core.abuse import rate_limit, refuse_when_rate_limited
from core.exceptions import ActionRefused
from core.forms import apply_validation_error
from core.personal import shared_page
from core.views import refused, safe_next
from organisations.models import Organisation
from pledges import permissions as perms
from pledges import selectors, services
from pledges.forms import PledgeForm, PledgeUpdateForm
from pledges.models import Pledge


def _visible_pledge_or_404(pk):
    pledge = selectors.visible_pledge(pk)
    if pledge is None:
        raise Http404
    return pledge


def _pledge_to_act_on_or_404(pk):
    pledge = selectors.pledge_to_act_on(pk)
    if pledge is None:
        raise Http404
    return pledge


def _live_goal_or_404(slug):
    goal = selectors.live_goals().filter(slug=slug).first()
    if goal is None:
        raise Http404
    return goal


# Walls -------------------------------------------------------------------------------


@shared_page
@require_GET
def pledge_index(request):
    """All pledges; ``?goal=<id>`` goes to that goal's wall."""
    if request.GET.get("goal"):
        goal_id = params.object_id(request.GET, "goal")
        if goal_id is None:
            raise Http404
        goal = get_object_or_404(selectors.live_goals(), pk=goal_id)
        return redirect("pledges:goal", slug=goal.slug)
    return render(
        request,
        "pledges/pledge_index.html",
        {
            "page_title": _("Pledges"),
            "wall": selectors.wall(Pledge.objects.visible_to(None), request.GET, request.user),
            "goals": selectors.live_goals()
            .order_by("path")
            .only("pk", "title", "slug", "url_path"),
        },
    )


@require_GET
def goal_wall(request, slug):
    goal = _live_goal_or_404(slug)
    return render(
        request,
        "pledges/pledge_goal_wall.html",
        {
            "page_title": _("Pledges to “%(goal)s”") % {"goal": goal.title},
            "goal": goal,
            "wall": selectors.wall(
                Pledge.objects.filter(goal=goal), request.GET, request.user, goal=goal
            ),
            "counts": selectors.pledge_counts_for([goal.pk])[goal.pk],
        },
    )


@require_GET
def organisation_wall(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(
        request,
        "pledges/pledge_organisation_wall.html",
        {
            "page_title": _("Pledges by %(organisation)s") % {"organisation": organisation.name},
            "organisation": organisation,
            "wall": selectors.wall(
                Pledge.objects.visible_to(None).filter(organisation=organisation),
                request.GET,
                request.user,
                show_kind_filter=False,
            ),
        },
    )


@login_required
@require_GET
def my_pledges(request):
    page = selectors.my_pledges_page(request.user, request.GET)
    return render(
        request,
        "pledges/pledge_mine.html",
        {"page_title": _("Your pledges"), "page_obj": page, "pledges": page.object_list},
    )


# Making a pledge ---------------------------------------------------------------------


@login_required
@rate_limit("pledge-make", limit=10, period=3600, keep_form=True)
def make_pledge(request, slug):
    goal = _live_goal_or_404(slug)
    if not perms.can_pledge(request.user):
        return refused(
            request, _("Verify your email address first: we sent you a link when you signed up.")
        )
    made_from = selectors.made_from_page(
        goal, request.POST.get("made_from") or request.GET.get("from")
    )
    form = PledgeForm(request.POST or None, user=request.user, goal=goal)
    status = 200
    if request.method == "POST":
        if refuse_when_rate_limited(request, form):
            pass  # shown again with what was written; the decorator answers 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                pledge = services.make_pledge(
                    request.user,
                    goal,
                    text=data["text"],
                    organisation=data["organisation"],
                    due_date=data["due_date"],
                    ambition=data["ambition"],
                    show_name=data["show_name"],
                    made_from=made_from,
                    threshold=data["threshold"],
                    join_deadline=data["join_deadline"],
                    areas=data.get("areas") or (),
                )
            except ActionRefused as error:
                return refused(request, error)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Thank you: your pledge is on the wall."))
                return redirect(pledge)
        elif form.organisation_forged:
            status = 403
    return render(
        request,
        "pledges/pledge_form.html",
        {
            "page_title": _("Make a pledge"),
            "goal": goal,
            "made_from": made_from,
            "form": form,
        },
        status=status,
    )


# A pledge ----------------------------------------------------------------------------


@require_GET
def pledge_detail(request, pk):
    pledge = _visible_pledge_or_404(pk)
    selectors.annotate_for_viewer([pledge], request.user)
    user = request.user
    return render(
        request,
        "pledges/pledge_detail.html",
        {
            "page_title": _("Pledge: %(text)s") % {"text": pledge.text[:60]},
            "pledge": pledge,
            "updates": selectors.pledge_updates(pledge),
            "history": selectors.pledge_history(pledge),
            "can_update": perms.can_post_update(user, pledge),
            "can_reopen": perms.can_change_status(user, pledge, Pledge.Status.ACTIVE),
            "join_open": perms.is_join_open(pledge),
        },
    )


@login_required
@rate_limit("pledge-update", limit=30, period=3600)
def post_update(request, pk):
    pledge = _visible_pledge_or_404(pk)
    if not perms.can_post_update(request.user, pledge):
        return refused(
            request, _("Only the person who made this pledge, or its organisation, reports on it.")
        )
    form = PledgeUpdateForm(request.POST or None, user=request.user, pledge=pledge)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(
                request.user,
                pledge.pk,
                text=form.cleaned_data["text"],
                evidence_url=form.cleaned_data["evidence_url"],
                status=form.cleaned_data["status"],
            )
        except ActionRefused as error:
            return refused(request, error)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your update is on the pledge’s page."))
            return redirect(pledge)
    return render(
        request,
        "pledges/pledge_update_form.html",
        {"page_title": _("Report progress"), "pledge": pledge, "form": form},
    )


@login_required
@require_POST
@rate_limit("pledge-status", limit=30, period=3600)
def reopen_pledge(request, pk):
    """A convenor reopens a pledge marked final by mistake (logged with the reason)."""
    pledge = _visible_pledge_or_404(pk)
    if not perms.can_change_status(request.user, pledge, Pledge.Status.ACTIVE):
        return refused(request, _("Only a convenor can reopen a pledge marked final."))
    reason = request.POST.get("reason", "").strip()[:200]
    try:
        services.change_status(request.user, pledge.pk, Pledge.Status.ACTIVE, reason)
    except ActionRefused as error:
        return refused(request, error)
    messages.success(request, _("The pledge is active again."))
    return redirect(pledge)


def _join_response(request, pledge, message, level=messages.SUCCESS):
    if request.htmx:
        pledge.refresh_from_db()
        selectors.annotate_for_viewer([pledge], request.user)
        return render(
            request,
            "pledges/includes/pledge_join.html",
            {"pledge": pledge, "join_message": message, "user": request.user},
        )
    messages.add_message(request, level, message)
    return redirect(safe_next(request, pledge.get_absolute_url()))


@login_required
@require_POST
@rate_limit("pledge-join", limit=60, period=3600)
def join(request, pk):
    pledge = _pledge_to_act_on_or_404(pk)
    if not perms.can_pledge(request.user):
        return refused(request, _("Verify your email address before you join a pledge."))
    try:
        result = services.join_pledge(request.user, pledge.pk)
    except ActionRefused as error:
        # Said where the person clicked (the join widget), not on a page of its own.
        return _join_response(request, pledge, str(error), messages.ERROR)
    if result.succeeded_now:
        message = _("You joined, and that made it: the pledge is on! Everyone will be emailed.")
    elif result.joined:
        message = _("You joined this pledge.")
    else:
        message = _("You had already joined this pledge.")
    return _join_response(request, result.pledge, message)


@login_required
@require_POST
@rate_limit("pledge-join", limit=60, period=3600)
def leave(request, pk):
    pledge = _pledge_to_act_on_or_404(pk)
    try:
        pledge = services.leave_pledge(request.user, pledge.pk)
    except ActionRefused as error:
        return _join_response(request, pledge, str(error), messages.ERROR)
    return _join_response(request, pledge, _("You have left this pledge."))
