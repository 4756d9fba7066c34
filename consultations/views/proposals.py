import hashlib
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import CharField, Q, Value
from django.db.models.functions import MD5, Cast, Concat
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import has_verified_email
from consultations import permissions, selectors, services
from consultations.forms import CommentEditForm, CommentForm, ProposalForm, ReportForm
from consultations.fragments import attach_card_html, attach_comment_html
from consultations.models import Action, Comment, ConsultationPage, Proposal, Support
from core.abuse import rate_limit
from core.forms import service_errors_on
from core.views import safe_next
from goals.models import GoalPage
from organisations.models import Organisation

PER_PAGE = 25
SORTS = {
    "supported": _("Most supported"),
    "newest": _("Newest"),
    "random": _("Random"),
}
COUNT_CACHE_SECONDS = 60
SEED_SESSION_KEY = "consultations_random_seed"
SUPPORT_FIELDS = (
    "consultation",
    "consultation__live",
    "consultation__supports_per_person",
    "moderation_state",
    "support_count",
    "title",
    "withdrawn_at",
)


def _consultations():
    return ConsultationPage.objects.live().public().prefetch_related("phases")


def _visibility_key(user):
    if permissions.can_moderate(user):
        return "mod"
    return f"u{user.pk}" if user.is_authenticated else "anon"


class CachedCountPaginator(Paginator):
    """A paginator whose total is cached for a minute, so a deep page costs one indexed
    query (the page itself) rather than a COUNT of the whole list every time."""

    def __init__(self, object_list, per_page, count_key, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        total = cache.get(self.count_key)
        if total is None:
            total = self.object_list.count()
            cache.set(self.count_key, total, COUNT_CACHE_SECONDS)
        return total

    def page(self, number):
        """A "deferred join": walk the index for just the page's ids (cheap even at page
        200), then load those rows with their authors and organisations. Past the middle
        of the list the index is walked from the other end (an offset is paid entry by
        entry), so the last pages cost what the first do."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        ids_query = self.object_list.values_list("pk", flat=True)
        if bottom > self.count // 2 and self.object_list.ordered:
            ids = list(ids_query.reverse()[self.count - top : self.count - bottom])[::-1]
        else:
            ids = list(ids_query[bottom : bottom + self.per_page])
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def _random_seed(request):
    seed = request.session.get(SEED_SESSION_KEY)
    if not seed:
        seed = secrets.token_hex(4)
        request.session[SEED_SESSION_KEY] = seed
    return seed


def proposal_list(request, consultation_id=None):
    """Proposals, sorted (most supported, newest, random with a seed kept for the visitor),
    filtered (status, organisation, goal), paginated. One consultation's, or all."""
    user = request.user
    consultation = None
    if consultation_id is not None:
        consultation = get_object_or_404(_consultations(), pk=consultation_id)

    # Lists show the ideas still in play: withdrawn ones stay reachable by their link, in
    # open data and on their author's view, but do not fill the list.
    proposals = (
        Proposal.objects.visible_to(user)
        .filter(withdrawn_at__isnull=True)
        .select_related("author", "organisation")
    )
    if consultation is not None:
        proposals = proposals.filter(consultation=consultation)
    else:
        proposals = proposals.select_related("consultation").prefetch_related(
            "consultation__phases"
        )

    filters = {}
    status = request.GET.get("status", "")
    if status in Proposal.Status.values:
        proposals = proposals.filter(status=status)
        filters["status"] = status
    organisation = None
    organisation_slug = request.GET.get("organisation", "")
    if organisation_slug:
        organisation = Organisation.objects.filter(slug=organisation_slug).first()
        if organisation is not None:
            proposals = proposals.filter(organisation=organisation)
            filters["organisation"] = organisation.slug
    goal = None
    goal_id = request.GET.get("goal", "")
    if goal_id.isdigit():
        goal = GoalPage.objects.live().filter(pk=int(goal_id)).first()
        if goal is not None:
            proposals = proposals.filter(
                Q(consultation__goals=goal) | Q(consultation__path__startswith=goal.path)
            ).distinct()
            filters["goal"] = str(goal.pk)

    sort = request.GET.get("sort", "supported")
    if sort not in SORTS:
        sort = "supported"
    if sort == "newest":
        proposals = proposals.order_by("-created_at", "-id")
    elif sort == "random":
        seed = _random_seed(request)
        # md5(id || seed): a shuffle that stays put for this visitor while they page
        # through; Django's MD5 works on PostgreSQL and SQLite alike.
        proposals = proposals.annotate(
            shuffle=MD5(Concat(Cast("id", CharField()), Value(seed)))
        ).order_by("shuffle", "id")
    else:
        proposals = proposals.order_by("-support_count", "-id")

    key_source = f"{consultation_id}|{sorted(filters.items())}|{_visibility_key(user)}"
    count_key = (
        "consultations:count:" + hashlib.md5(key_source.encode(), usedforsecurity=False).hexdigest()
    )
    paginator = CachedCountPaginator(proposals, PER_PAGE, count_key)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        if paginator.num_pages and request.GET.get("page", "1").isdigit():
            page_obj = paginator.page(paginator.num_pages)
        else:
            raise Http404(_("There is no such page of proposals.")) from None

    items = list(page_obj.object_list)
    if consultation is not None:
        for proposal in items:
            proposal.consultation = consultation  # already has its phases
    supported = set()
    if user.is_authenticated and items:
        supported = set(
            Support.objects.filter(user=user, proposal__in=[p.pk for p in items]).values_list(
                "proposal_id", flat=True
            )
        )
    now = timezone.now()
    for proposal in items:
        proposal.is_own = user.is_authenticated and proposal.author_id == user.pk
        proposal.support_open = proposal.consultation.is_open_for(Action.SUPPORT, now)
        proposal.is_supported = proposal.pk in supported
        proposal.user_can_support = permissions.can_support(user, proposal, now)
        proposal.user_can_unsupport = proposal.is_supported and permissions.can_unsupport(
            user, proposal, now
        )
    attach_card_html(items, show_consultation=consultation is None)

    query = {**filters, "sort": sort}
    return render(
        request,
        "consultations/proposal_list.html",
        {
            "page_title": (
                _("Ideas: %(title)s") % {"title": consultation.title}
                if consultation
                else _("All ideas")
            ),
            "consultation": consultation,
            "ancestors": (consultation.get_ancestors().filter(depth__gt=1) if consultation else []),
            "show_consultation": consultation is None,
            "proposals": items,
            "page_obj": page_obj,
            "sorts": SORTS,
            "sort": sort,
            "filters": filters,
            "query_string": "&".join(f"{k}={v}" for k, v in query.items()),
            "statuses": Proposal.Status.choices,
            "organisation": organisation,
            "goal": goal,
            "can_propose": consultation is not None
            and permissions.can_propose(user, consultation, now),
            "supports_left": (
                services.supports_left(user, consultation)
                if consultation is not None and user.is_authenticated
                else None
            ),
        },
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


def _proposal_or_404(request, pk):
    return get_object_or_404(
        Proposal.objects.visible_to(request.user)
        .select_related("consultation", "author", "organisation", "merged_into")
        .prefetch_related("consultation__phases"),
        pk=pk,
    )


def proposal_detail(request, pk, comment_form=None, report_form=None, status=200):
    proposal = _proposal_or_404(request, pk)
    user = request.user
    now = timezone.now()
    consultation = proposal.consultation
    is_supported = (
        user.is_authenticated and Support.objects.filter(user=user, proposal=proposal).exists()
    )
    can_moderate = permissions.can_moderate(user, proposal, now)
    comments = selectors.comments_for(proposal, user)
    attach_comment_html(comments, user, reader_moderates=can_moderate, at=now)
    context = {
        "page_title": proposal.title if not proposal.is_hidden else _("Hidden proposal"),
        "proposal": proposal,
        "consultation": consultation,
        "ancestors": consultation.get_ancestors().filter(depth__gt=1),
        "comments": comments,
        "is_supported": is_supported,
        "is_author": user.is_authenticated and proposal.author_id == user.pk,
        "can_support": permissions.can_support(user, proposal, now),
        "can_unsupport": is_supported and permissions.can_unsupport(user, proposal, now),
        "support_open": consultation.is_open_for(Action.SUPPORT, now),
        "can_comment": permissions.can_comment(user, proposal, now),
        "can_edit": permissions.can_edit_proposal(user, proposal, now),
        "can_withdraw": permissions.can_withdraw_proposal(user, proposal, now),
        "can_report": permissions.can_report(user, proposal, now),
        "can_moderate": can_moderate,
        "needs_verification": user.is_authenticated and not has_verified_email(user),
        "comment_form": comment_form or CommentForm(proposal=proposal),
        "supports_left": (
            services.supports_left(user, consultation) if user.is_authenticated else None
        ),
    }
    return render(request, "consultations/proposal_detail.html", context, status=status)


def _refuse(request, message, status=403):
    return render(
        request,
        "consultations/refused.html",
        {"page_title": _("You cannot do that now"), "message": message},
        status=status,
    )


@login_required
@rate_limit("proposal", limit=10, period=3600)
def propose(request, consultation_id):
    consultation = get_object_or_404(_consultations(), pk=consultation_id)
    user = request.user
    if not permissions.can_take_part(user):
        return _refuse(request, _("Verify your email address before you take part."))
    if request.method == "POST":
        form = ProposalForm(request.POST, user=user, consultation=consultation)
        if form.is_valid():
            with service_errors_on(form):
                proposal = services.submit_proposal(
                    user,
                    consultation,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    organisation=form.cleaned_data.get("organisation"),
                )
                if proposal.moderation_state == "pending":
                    messages.success(
                        request, _("Thank you. A moderator will check your idea before it shows.")
                    )
                else:
                    messages.success(request, _("Thank you: your idea is published."))
                return redirect(proposal)
    else:
        if not permissions.can_propose(user, consultation):
            return _refuse(request, _("This consultation is not taking proposals now."))
        form = ProposalForm(user=user, consultation=consultation)
    return render(
        request,
        "consultations/proposal_form.html",
        {
            "page_title": _("Propose an idea"),
            "form": form,
            "consultation": consultation,
        },
        status=400 if form.errors else 200,
    )


@login_required
def edit_proposal(request, pk):
    proposal = _proposal_or_404(request, pk)
    if not permissions.can_edit_proposal(request.user, proposal):
        return _refuse(request, _("This idea can no longer be edited."))
    if request.method == "POST":
        form = ProposalForm(request.POST, editing=True)
        if form.is_valid():
            with service_errors_on(form):
                services.edit_proposal(
                    request.user,
                    proposal,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
                messages.success(request, _("Your changes are saved."))
                return redirect(proposal)
    else:
        form = ProposalForm(initial={"title": proposal.title, "body": proposal.body}, editing=True)
    return render(
        request,
        "consultations/proposal_form.html",
        {
            "page_title": _("Edit your idea"),
            "form": form,
            "consultation": proposal.consultation,
            "proposal": proposal,
        },
        status=400 if form.errors else 200,
    )


@login_required
def withdraw_proposal(request, pk):
    proposal = _proposal_or_404(request, pk)
    if request.method == "POST":
        try:
            services.withdraw_proposal(request.user, proposal)
        except services.ActionRefused as refused:
            return _refuse(request, str(refused))
        messages.success(request, _("Your idea is withdrawn."))
        return redirect(proposal)
    if not permissions.can_withdraw_proposal(request.user, proposal):
        return _refuse(request, _("This idea can no longer be withdrawn."))
    return render(
        request,
        "consultations/proposal_withdraw.html",
        {"page_title": _("Withdraw your idea"), "proposal": proposal},
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
            "next": safe_next(request, proposal.get_absolute_url()),
            "supports_left": services.supports_left(user, proposal.consultation),
        },
    )


def _login_required_htmx(view):
    """Like ``login_required``, but an htmx request is sent to the sign-in page as a
    whole-page navigation (``HX-Redirect``) instead of swapping it into the button."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login
    from django.http import HttpResponse

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
    except services.ActionRefused as refused:
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
    except services.ActionRefused as refused:
        return _support_response(request, proposal, error=str(refused))
    return _support_response(request, proposal, supported=False)


@require_POST
@login_required
@rate_limit("comment", limit=30, period=3600)
def comment(request, pk):
    proposal = _proposal_or_404(request, pk)
    form = CommentForm(request.POST, proposal=proposal)
    if form.is_valid():
        with service_errors_on(form):
            new = services.add_comment(
                request.user,
                proposal,
                body=form.cleaned_data["body"],
                parent=form.cleaned_data.get("parent"),
            )
            if new.moderation_state == "pending":
                messages.success(request, _("Thank you. A moderator will check your comment."))
            return redirect(new.get_absolute_url())
    return proposal_detail(request, pk, comment_form=form, status=400)


@login_required
def edit_comment(request, pk):
    item = get_object_or_404(
        Comment.objects.visible_to(request.user).select_related("proposal__consultation"), pk=pk
    )
    if not permissions.can_edit_comment(request.user, item):
        return _refuse(request, _("This comment can no longer be edited."))
    if request.method == "POST":
        form = CommentEditForm(request.POST)
        if form.is_valid():
            with service_errors_on(form):
                services.edit_comment(request.user, item, body=form.cleaned_data["body"])
                return redirect(item.get_absolute_url())
    else:
        form = CommentEditForm(initial={"body": item.body})
    return render(
        request,
        "consultations/comment_form.html",
        {"page_title": _("Edit your comment"), "form": form, "comment": item},
        status=400 if form.errors else 200,
    )


def _moderation_policy_page():
    """The published moderation policy (a page with the slug ``moderation-policy``)."""
    from wagtail.models import Page

    return Page.objects.live().public().filter(slug="moderation-policy").first()


def _report(request, item, proposal):
    if not permissions.can_report(request.user, item):
        return _refuse(request, _("This cannot be reported."))
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            with service_errors_on(form):
                services.report(
                    request.user,
                    item,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
                messages.success(
                    request, _("Thank you. A moderator will look at what you reported.")
                )
                return redirect(proposal)
    else:
        form = ReportForm()
    return render(
        request,
        "consultations/report_form.html",
        {
            "page_title": _("Report to a moderator"),
            "policy_page": _moderation_policy_page(),
            "form": form,
            "item": item,
            "proposal": proposal,
        },
        status=400 if form.errors else 200,
    )


@login_required
@rate_limit("report", limit=20, period=3600)
def report_proposal(request, pk):
    proposal = _proposal_or_404(request, pk)
    return _report(request, proposal, proposal)


@login_required
@rate_limit("report", limit=20, period=3600)
def report_comment(request, pk):
    item = get_object_or_404(
        Comment.objects.visible_to(request.user).select_related("proposal__consultation"), pk=pk
    )
    return _report(request, item, item.proposal)
