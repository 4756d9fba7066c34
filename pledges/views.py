"""Pledge pages: the walls, making a pledge, a pledge's page, progress updates, joining,
"my pledges", and the pledges data file. Thin: rules live in
``pledges.permissions``, writes in ``pledges.services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.abuse import rate_limit
from core.models import AuditEvent
from goals.models import GoalPage
from organisations.models import Organisation
from pledges import permissions as perms
from pledges import selectors as queries
from pledges import services
from pledges.forms import PledgeForm, PledgeUpdateForm
from pledges.models import Pledge


def _live_goals():
    return GoalPage.objects.live().public()


def _visible_pledge(pk):
    return get_object_or_404(
        Pledge.objects.visible_to(None).select_related(
            "goal", "organisation", "author", "ambition", "made_from"
        ),
        pk=pk,
    )


def _not_allowed(request, reason, status=403):
    return render(
        request,
        "pledges/pledge_not_allowed.html",
        {"page_title": _("You cannot do that yet"), "reason": reason},
        status=status,
    )


# Walls -------------------------------------------------------------------------------


@require_GET
def pledge_index(request):
    """All pledges; ``?goal=<id>`` goes to that goal's wall."""
    goal_id = request.GET.get("goal", "")
    if goal_id:
        if not goal_id.isdigit():
            raise Http404
        goal = get_object_or_404(_live_goals(), pk=int(goal_id))
        return redirect("pledges:goal", slug=goal.slug)
    page, filters = queries.wall_page(Pledge.objects.visible_to(None), request.GET, request.user)
    return render(
        request,
        "pledges/pledge_index.html",
        {
            "page_title": _("Pledges"),
            "wall": _wall_context(page, filters),
            "goals": _live_goals().order_by("path").only("pk", "title", "slug", "url_path"),
        },
    )


@require_GET
def goal_wall(request, slug):
    goal = _live_goals().filter(slug=slug).first()
    if goal is None:
        raise Http404
    page, filters = queries.wall_page(
        Pledge.objects.filter(goal=goal), request.GET, request.user, goal=goal
    )
    return render(
        request,
        "pledges/pledge_goal_wall.html",
        {
            "page_title": _("Pledges to “%(goal)s”") % {"goal": goal.title},
            "goal": goal,
            "wall": _wall_context(page, filters),
            "counts": queries.pledge_counts_for([goal.pk])[goal.pk],
        },
    )


@require_GET
def organisation_wall(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    page, filters = queries.wall_page(
        Pledge.objects.visible_to(None).filter(organisation=organisation),
        request.GET,
        request.user,
    )
    return render(
        request,
        "pledges/pledge_organisation_wall.html",
        {
            "page_title": _("Pledges by %(organisation)s") % {"organisation": organisation.name},
            "organisation": organisation,
            "wall": _wall_context(page, filters, show_kind_filter=False),
        },
    )


def _wall_context(page, filters, *, show_kind_filter=True):
    return {
        "page_obj": page,
        "pledges": page.object_list,
        "filters": filters,
        "status_choices": queries.status_choices(),
        "kind_choices": queries.kind_choices(),
        "sort_choices": [(key, label) for key, (label, _order) in queries.SORTS.items()],
        "show_kind_filter": show_kind_filter,
        "filtered": bool(filters["status"] or filters["kind"]),
    }


@login_required
@require_GET
def my_pledges(request):
    own = Q(author=request.user) | Q(joins__user=request.user)
    queryset = Pledge.objects.filter(own).distinct().for_listing().order_by("-created_at", "-pk")
    page = Paginator(queryset, queries.PAGE_SIZE).get_page(request.GET.get(queries.PARAM_PAGE))
    pledges = list(page.object_list)
    queries.annotate_for_viewer(pledges, request.user)
    page.object_list = pledges
    return render(
        request,
        "pledges/pledge_mine.html",
        {"page_title": _("Your pledges"), "page_obj": page, "pledges": pledges},
    )


# Making a pledge ---------------------------------------------------------------------


def _made_from(request, goal):
    """The page a pledge was made from: this goal, or a live consultation serving it.
    Anything else (a forged or stale id) is recorded as the goal page itself."""
    raw = request.POST.get("made_from") or request.GET.get("from") or ""
    if raw.isdigit() and int(raw) != goal.pk:
        from consultations.models import ConsultationPage

        consultation = (
            ConsultationPage.objects.live()
            .public()
            .filter(pk=int(raw))
            .filter(Q(goals=goal) | Q(path__startswith=goal.path))
            .first()
        )
        if consultation is not None:
            return consultation
    return goal


@login_required
@rate_limit("pledge-make", limit=10, period=3600)
def make_pledge(request, slug):
    goal = _live_goals().filter(slug=slug).first()
    if goal is None:
        raise Http404
    if not perms.can_pledge(request.user):
        return _not_allowed(
            request, _("Verify your email address first: we sent you a link when you signed up.")
        )
    made_from = _made_from(request, goal)
    form = PledgeForm(request.POST or None, user=request.user, goal=goal)
    status = 200
    if request.method == "POST":
        if form.is_valid():
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
                )
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            except ValidationError as error:
                form.add_error(None, error)
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
    pledge = _visible_pledge(pk)
    updates = list(pledge.updates.order_by("-created_at", "-pk"))
    history = list(
        AuditEvent.objects.filter(
            target_type=Pledge._meta.label_lower,
            target_id=str(pledge.pk),
            action__in=["pledge.status", "pledge.condition"],
        ).order_by("at", "pk")
    )
    queries.annotate_for_viewer([pledge], request.user)
    user = request.user
    return render(
        request,
        "pledges/pledge_detail.html",
        {
            "page_title": _("Pledge: %(text)s") % {"text": pledge.text[:60]},
            "pledge": pledge,
            "updates": updates,
            "history": history,
            "can_update": perms.can_post_update(user, pledge),
            "can_reopen": perms.can_change_status(user, pledge, Pledge.Status.ACTIVE),
            "join_open": perms.is_join_open(pledge),
        },
    )


@login_required
@rate_limit("pledge-update", limit=30, period=3600)
def post_update(request, pk):
    pledge = _visible_pledge(pk)
    if not perms.can_post_update(request.user, pledge):
        raise PermissionDenied
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
        except ValidationError as error:
            form.add_error("status", error)
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
    pledge = _visible_pledge(pk)
    if not perms.can_change_status(request.user, pledge, Pledge.Status.ACTIVE):
        raise PermissionDenied
    reason = request.POST.get("reason", "").strip()[:200]
    services.change_status(request.user, pledge.pk, Pledge.Status.ACTIVE, reason)
    messages.success(request, _("The pledge is active again."))
    return redirect(pledge)


def _join_response(request, pledge, message, level=messages.SUCCESS):
    if request.htmx:
        pledge.refresh_from_db()
        queries.annotate_for_viewer([pledge], request.user)
        return render(
            request,
            "pledges/includes/pledge_join.html",
            {"pledge": pledge, "join_message": message, "user": request.user},
        )
    messages.add_message(request, level, message)
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(pledge)


@login_required
@require_POST
@rate_limit("pledge-join", limit=60, period=3600)
def join(request, pk):
    pledge = _visible_pledge(pk)
    if not perms.can_pledge(request.user):
        return _not_allowed(request, _("Verify your email address before you join a pledge."))
    try:
        result = services.join_pledge(request.user, pledge.pk)
    except services.PledgeError as error:
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
    pledge = _visible_pledge(pk)
    try:
        pledge = services.leave_pledge(request.user, pledge.pk)
    except services.PledgeError as error:
        return _join_response(request, pledge, str(error), messages.ERROR)
    return _join_response(request, pledge, _("You have left this pledge."))
