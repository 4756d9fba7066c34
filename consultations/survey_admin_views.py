"""Convenors' survey screens, in the Wagtail admin (so two-factor authentication
applies): entering paper, email, phone and workshop responses, the results, free-text
answers with filters, coding with themes, the staff CSV and publishing the results.

Entering responses is open to convenors and to anyone with the permission
``consultations.enter_survey_responses`` (and admin access); the rest is convenors'.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultations import survey_permissions as permissions
from consultations import survey_selectors as selectors
from consultations.models import ConsultationPage, Proposal, SurveyResponse, SurveyTheme
from consultations.services import surveys as services
from consultations.survey_forms import EntryDetailsForm, EqualityForm, SurveyQuestionsForm
from core.exceptions import ActionRefused
from core.forms import apply_validation_error
from core.opendata import csv_chunks
from core.pagination import paginate


def _consultation(consultation_id):
    consultation = get_object_or_404(
        ConsultationPage.objects.prefetch_related("phases"), pk=consultation_id
    )
    if not consultation.has_survey:
        raise PermissionDenied
    return consultation


def _require(predicate, user, consultation=None):
    if not predicate(user, consultation):
        raise PermissionDenied


def surveys_index(request):
    if not (permissions.can_enter_responses(request.user) or permissions.can_analyse(request.user)):
        raise PermissionDenied
    consultations = [c for c in ConsultationPage.objects.order_by("-pk") if c.has_survey]
    return render(
        request,
        "consultations/admin/surveys_index.html",
        {
            "page_title": _("Surveys"),
            "header_icon": "form",
            "consultations": consultations,
            "can_analyse": permissions.can_analyse(request.user),
        },
    )


def enter_responses(request, consultation_id):
    """Bulk entry: after each response the form comes back empty, keeping the channel
    and workshop, for the next paper form in the pile."""
    consultation = _consultation(consultation_id)
    _require(permissions.can_enter_responses, request.user, consultation)
    version = services.current_version(consultation)
    sections = version.sections
    data = request.POST if request.method == "POST" else None
    details = EntryDetailsForm(
        data,
        prefix="entry",
        initial={
            "channel": request.GET.get("channel") or "paper",
            "workshop": request.GET.get("workshop", ""),
        },
    )
    questions = SurveyQuestionsForm(data, sections=sections, all_sections=sections)
    equality = EqualityForm(data, prefix="eq") if consultation.survey_equality_monitoring else None
    forms_ok = request.method == "POST" and all(
        form.is_valid() for form in (details, questions, equality) if form is not None
    )
    if forms_ok:
        try:
            response = services.enter_response(
                request.user,
                consultation,
                answers=questions.answers_given(),
                channel=details.cleaned_data["channel"],
                workshop=details.cleaned_data["workshop"],
                equality=equality.answers() if equality is not None else None,
            )
        except ValidationError as error:
            apply_validation_error(questions, error)
        except ActionRefused as refusal:
            questions.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _("Response %(reference)s saved. Enter the next one.")
                % {"reference": response.reference},
            )
            query = urlencode(
                {
                    "channel": details.cleaned_data["channel"],
                    "workshop": details.cleaned_data["workshop"],
                }
            )
            return redirect(
                f"{reverse('consultations_admin:survey_enter', args=[consultation.pk])}?{query}"
            )
    entered = SurveyResponse.objects.filter(consultation=consultation).exclude(
        entered_by__isnull=True
    )
    return render(
        request,
        "consultations/admin/survey_enter.html",
        {
            "page_title": _("Enter responses: %(title)s") % {"title": consultation.title},
            "header_icon": "form",
            "consultation": consultation,
            "details": details,
            "form": questions,
            "equality": equality,
            "sections": sections,
            "entered_count": entered.count(),
            "entered_by_me": entered.filter(entered_by=request.user).count(),
        },
        status=400 if request.method == "POST" else 200,
    )


def results(request, consultation_id):
    consultation = _consultation(consultation_id)
    _require(permissions.can_analyse, request.user, consultation)
    channel = request.GET.get("channel") or None
    if channel not in (None, *SurveyResponse.Channel.values):
        channel = None
    summary = selectors.survey_results(consultation, channel)
    return render(
        request,
        "consultations/admin/survey_results.html",
        {
            "page_title": _("Survey results: %(title)s") % {"title": consultation.title},
            "header_icon": "form",
            "consultation": consultation,
            "results": summary,
            "channel": channel,
            "channels": SurveyResponse.Channel.choices,
            "equality": selectors.equality_summary(consultation)
            if consultation.survey_equality_monitoring
            else None,
            "themes": selectors.theme_counts(consultation),
            "publication": selectors.published(consultation),
            "may_publish": permissions.survey_closed(consultation),
        },
    )


def free_text(request, consultation_id):
    consultation = _consultation(consultation_id)
    _require(permissions.can_analyse, request.user, consultation)
    themes = list(SurveyTheme.objects.filter(consultation=consultation))
    theme = next((t for t in themes if str(t.pk) == request.GET.get("theme")), None)
    text_questions = selectors.text_questions(consultation)
    chosen = request.GET.get("question")
    questions = (
        {k: v for k, v in text_questions.items() if k == chosen} if chosen else text_questions
    )
    search = request.GET.get("q", "")[:100]
    responses = selectors.free_text_responses(
        consultation,
        questions,
        channel=request.GET.get("channel") or None,
        theme=theme,
        search=search,
    )
    page_obj = paginate(responses, request.GET, 25)
    rows = selectors.free_text_rows(
        consultation, page_obj.object_list, questions, theme=theme, search=search
    )
    return render(
        request,
        "consultations/admin/survey_free_text.html",
        {
            "page_title": _("Free-text answers: %(title)s") % {"title": consultation.title},
            "header_icon": "form",
            "consultation": consultation,
            "page_obj": page_obj,
            "rows": rows,
            "themes": themes,
            "questions": list(text_questions.values()),
            "channels": SurveyResponse.Channel.choices,
            "selected": request.GET,
            "back": request.get_full_path(),
        },
    )


def proposals_coding(request, consultation_id):
    consultation = _consultation(consultation_id)
    _require(permissions.can_analyse, request.user, consultation)
    proposals = (
        Proposal.objects.filter(consultation=consultation)
        .prefetch_related("theme_tags__theme")
        .order_by("-support_count", "-pk")
    )
    return render(
        request,
        "consultations/admin/survey_proposals_coding.html",
        {
            "page_title": _("Code ideas with themes: %(title)s") % {"title": consultation.title},
            "header_icon": "form",
            "consultation": consultation,
            "page_obj": paginate(proposals, request.GET, 50),
            "themes": SurveyTheme.objects.filter(consultation=consultation),
            "back": request.get_full_path(),
        },
    )


def _back(request, consultation):
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return target
    return reverse("consultations_admin:survey_results", args=[consultation.pk])


@require_POST
def add_theme(request, consultation_id):
    consultation = _consultation(consultation_id)
    try:
        services.add_theme(request.user, consultation, request.POST.get("name"))
    except ActionRefused as refusal:
        raise PermissionDenied(str(refusal)) from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_back(request, consultation))


@require_POST
def tag(request, consultation_id):
    consultation = _consultation(consultation_id)
    theme = get_object_or_404(SurveyTheme, consultation=consultation, pk=request.POST.get("theme"))
    response = proposal = None
    if request.POST.get("response"):
        response = get_object_or_404(
            SurveyResponse, consultation=consultation, pk=request.POST.get("response")
        )
    else:
        proposal = get_object_or_404(
            Proposal, consultation=consultation, pk=request.POST.get("proposal")
        )
    arguments = {
        "response": response,
        "question_id": request.POST.get("question", "")[:64],
        "proposal": proposal,
    }
    try:
        if request.POST.get("remove"):
            services.untag(request.user, theme, **arguments)
        else:
            services.tag(request.user, theme, **arguments)
    except ActionRefused:
        raise PermissionDenied from None
    return redirect(_back(request, consultation))


@require_POST
def approve(request, consultation_id):
    consultation = _consultation(consultation_id)
    response = get_object_or_404(
        SurveyResponse, consultation=consultation, pk=request.POST.get("response")
    )
    try:
        services.approve_answer(
            request.user,
            response,
            request.POST.get("question", "")[:64],
            approved=request.POST.get("approved") == "1",
        )
    except ActionRefused:
        raise PermissionDenied from None
    return redirect(_back(request, consultation))


@require_POST
def publish(request, consultation_id):
    consultation = _consultation(consultation_id)
    try:
        if request.POST.get("unpublish"):
            services.unpublish_results(request.user, consultation)
            messages.success(request, _("The results are no longer public."))
        else:
            services.publish_results(request.user, consultation)
            messages.success(request, _("The results are published."))
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    return redirect("consultations_admin:survey_results", consultation.pk)


def _private_csv(filename, chunks):
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in chunks), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def export_csv(request, consultation_id):
    """Every sent response, streamed: never cached, never equality answers."""
    consultation = _consultation(consultation_id)
    _require(permissions.can_analyse, request.user, consultation)
    header, rows = selectors.csv_header_and_rows(consultation)
    return _private_csv(f"survey-{consultation.pk}-responses.csv", csv_chunks(header, rows()))


def export_themes(request, consultation_id):
    consultation = _consultation(consultation_id)
    _require(permissions.can_analyse, request.user, consultation)
    header, rows = selectors.theme_export(consultation)
    return _private_csv(f"survey-{consultation.pk}-themes.csv", csv_chunks(header, rows()))
