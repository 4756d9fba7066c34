"""Commitment pages: the public ledger, a commitment's page, and the signed-in pages on
which an organisation's people make, edit, accept and report on commitments. Thin: forms
read the request, ``commitments.permissions`` decides, ``selectors`` read, ``services``
write; a refusal is answered by ``core.views.refused``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from commitments import permissions as perms
from commitments import selectors, services
from commitments.forms import CommitmentForm, CommitmentUpdateForm
from core import params
from core.abuse import rate_limit
from core.exceptions import ActionRefused
from core.forms import apply_validation_error
from core.views import refused


def _commitment_or_404(pk):
    commitment = selectors.visible_commitment(pk)
    if commitment is None:
        raise Http404
    return commitment


def _ledger_crumb():
    return (_("Commitments"), reverse("commitments:index"))


@require_GET
def ledger(request):
    context = selectors.ledger(request.GET)
    return render(
        request,
        "commitments/ledger.html",
        {
            "page_title": _("Commitments"),
            "can_commit": perms.may_commit_any(request.user),
            **context,
        },
    )


@require_GET
def commitment_detail(request, pk):
    commitment = _commitment_or_404(pk)
    user = request.user
    return render(
        request,
        "commitments/commitment_detail.html",
        {
            "page_title": commitment.title,
            "breadcrumbs": [_ledger_crumb()],
            "commitment": commitment,
            **selectors.commitment_page(commitment),
            "can_edit": perms.can_edit(user, commitment),
            "can_update": perms.can_post_update(user, commitment),
            "can_accept": perms.can_accept(user, commitment),
        },
    )


#: What the make and change forms share, passed to the services as they are.
SHARED_FIELDS = (
    "title",
    "description",
    "due_date",
    "partners",
    "areas",
    "ambition",
    "indicators",
    "proposals",
)


def _commitment_form_page(request, form, save, *, page_title, breadcrumbs, done, commitment=None):
    """The make and change pages: one form, answered one way. ``save(cleaned_data)``
    calls the service and returns the commitment; a refusal is a refusal page, a rule the
    service enforces is a form error, and a forged organisation is a 403."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = save(form.cleaned_data)
            except ActionRefused as error:
                return refused(request, error)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, done)
                return redirect(saved)
        status = 403 if form.organisation_forged else 400
    return render(
        request,
        "commitments/commitment_form.html",
        {
            "page_title": page_title,
            "breadcrumbs": breadcrumbs,
            "form": form,
            "commitment": commitment,
        },
        status=status,
    )


def _shared(data) -> dict:
    return {name: data[name] for name in SHARED_FIELDS}


@login_required
@rate_limit("commitment-make", limit=30, period=3600)
def make_commitment(request):
    if not perms.may_commit_any(request.user):
        return refused(
            request,
            _(
                "Only the admins and partner editors of an organisation, and convenors, "
                "make commitments."
            ),
        )
    initial = {}
    from_ids = [pk for pk in map(params.parse_id, request.GET.getlist("from")) if pk]
    if from_ids:
        proposals = selectors.adopted_proposals(from_ids)
        initial["proposals"] = proposals
        goals = {goal.pk for proposal in proposals for goal in proposal.consultation.goals.all()}
        if len(goals) == 1:
            initial["goal"] = goals.pop()
    form = CommitmentForm(
        request.POST if request.method == "POST" else None, user=request.user, initial=initial
    )
    return _commitment_form_page(
        request,
        form,
        lambda data: services.make_commitment(
            request.user,
            goal=data["goal"],
            lead_organisation=data["lead_organisation"],
            **_shared(data),
        ),
        page_title=_("Make a commitment"),
        breadcrumbs=[_ledger_crumb()],
        done=_("The commitment is on the ledger."),
    )


@login_required
@rate_limit("commitment-edit", limit=60, period=3600)
def edit_commitment(request, pk):
    commitment = _commitment_or_404(pk)
    if not perms.can_edit(request.user, commitment):
        return refused(request, _("Only the lead organisation’s people change this commitment."))
    initial = {
        "title": commitment.title,
        "description": commitment.description,
        "ambition": commitment.ambition_id,
        "due_date": commitment.due_date,
        "partners": [row.organisation_id for row in commitment.named.all() if not row.is_lead],
        "areas": [area.pk for area in commitment.placed_areas],
        "indicators": list(commitment.indicators.values_list("pk", flat=True)),
        "proposals": list(commitment.proposals.values_list("pk", flat=True)),
    }
    form = CommitmentForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        commitment=commitment,
        initial=initial,
    )
    return _commitment_form_page(
        request,
        form,
        lambda data: services.edit_commitment(request.user, commitment.pk, **_shared(data)),
        page_title=_("Change the commitment"),
        breadcrumbs=[_ledger_crumb(), (commitment.title, commitment.get_absolute_url())],
        done=_("The commitment has been changed."),
        commitment=commitment,
    )


@login_required
@rate_limit("commitment-update", limit=60, period=3600)
def post_update(request, pk):
    commitment = _commitment_or_404(pk)
    if not perms.can_post_update(request.user, commitment):
        return refused(
            request,
            _("Only the people of an organisation that accepted this commitment report on it."),
        )
    form = CommitmentUpdateForm(
        request.POST if request.method == "POST" else None, commitment=commitment
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.post_update(
                    request.user,
                    commitment.pk,
                    text=data["text"],
                    status=data["status"],
                    evidence_urls=data["evidence_urls"],
                    happened_on=data["happened_on"],
                    dropped_reason=data["dropped_reason"],
                    completed_on=data["completed_on"],
                )
            except ActionRefused as error:
                return refused(request, error)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Your update is on the commitment’s page."))
                return redirect(commitment)
        status = 400
    return render(
        request,
        "commitments/update_form.html",
        {
            "page_title": _("Report progress"),
            "breadcrumbs": [_ledger_crumb(), (commitment.title, commitment.get_absolute_url())],
            "commitment": commitment,
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
@rate_limit("commitment-accept", limit=60, period=3600)
def accept(request, pk):
    commitment = _commitment_or_404(pk)
    try:
        services.accept(request.user, commitment.pk)
    except ActionRefused as error:
        return refused(request, error)
    messages.success(request, _("You have accepted this commitment for your organisation."))
    return redirect(commitment)
