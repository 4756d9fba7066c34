"""Answering a survey, GOV.UK style: a start page, one section a page (back links keep
the answers), the optional equality questions, "check your answers" with change links,
and a confirmation with the reference number. No JavaScript.

Signed-in people's answers are saved on their one response as they go (save and come
back until the survey closes; change them until then). Without an account — only where
the convenor allows it — the answers wait in the session until sent, and the last step
carries the honeypot and a rate limit. Equality answers always wait in the session:
they are never stored with a response.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import survey_permissions as permissions
from consultations import survey_selectors
from consultations.models import Action, SurveyResponse
from consultations.services import surveys as services
from consultations.survey_answers import (
    answer_text,
    asked_questions,
    first_incomplete_section,
    is_asked,
    missing_required,
    prune,
)
from consultations.survey_forms import (
    AnonymousSurveyForm,
    EqualityForm,
    SurveyQuestionsForm,
    field_name,
)
from consultations.views.common import live_consultations
from core import fragments
from core.abuse import rate_limit
from core.exceptions import ActionRefused
from core.permissions import has_verified_email
from core.views import refused


def _consultation(consultation_id):
    consultation = get_object_or_404(live_consultations(), pk=consultation_id)
    if not consultation.has_survey:
        raise Http404
    return consultation


def _session_key(consultation):
    return f"survey:{consultation.pk}"


def _session(request, consultation):
    return request.session.get(_session_key(consultation)) or {"answers": {}, "equality": {}}


def _keep_in_session(request, consultation, *, answers=None, equality=None):
    stored = _session(request, consultation)
    if answers is not None:
        stored["answers"] = answers
    if equality is not None:
        stored["equality"] = equality
    request.session[_session_key(consultation)] = stored


def _own_response(request, consultation):
    if not request.user.is_authenticated:
        return None
    return SurveyResponse.objects.filter(consultation=consultation, respondent=request.user).first()


def _answers(request, consultation, response):
    if request.user.is_authenticated:
        return dict(response.answers) if response else {}
    return dict(_session(request, consultation)["answers"])


def _asked_sections(sections, answers):
    """The indexes of the sections with at least one question to ask."""
    by_id = {q["id"]: q for section in sections for q in section["questions"]}
    return [
        index
        for index, section in enumerate(sections)
        if any(is_asked(q, answers, by_id) or q.get("show_if") for q in section["questions"])
    ]


def _refusal(request, consultation):
    """``None`` if this person may answer now; else the response saying why (sign in,
    when that is all it takes)."""
    if permissions.can_answer(request.user, consultation):
        return None
    if not permissions.survey_open(consultation):
        return refused(request, _("This survey is not open for answers now."))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return refused(request, _("Verify your email address before you take part."))


def _section_url(consultation, index, change=False):
    url = reverse("consultations:survey_section", args=[consultation.pk, index + 1])
    return f"{url}?change=1" if change else url


def _next_url(consultation, sections, answers, index):
    asked = _asked_sections(sections, answers)
    later = [i for i in asked if i > index]
    if later:
        return _section_url(consultation, later[0])
    if consultation.survey_equality_monitoring:
        return reverse("consultations:survey_equality", args=[consultation.pk])
    return reverse("consultations:survey_check", args=[consultation.pk])


def _crumbs(consultation):
    return {
        "consultation": consultation,
        "ancestors": consultation.get_ancestors().filter(depth__gt=1),
    }


def survey_start(request, consultation_id):
    consultation = _consultation(consultation_id)
    now = timezone.now()
    response = _own_response(request, consultation)
    version = services.current_version(consultation)
    answers = _answers(request, consultation, response)
    resume = None
    if answers and not (response and response.is_submitted):
        incomplete = first_incomplete_section(version.sections, answers)
        resume = _section_url(consultation, incomplete if incomplete is not None else 0)
    phases = consultation.phases_for(Action.SURVEY)
    return render(
        request,
        "consultations/survey_start.html",
        {
            **_crumbs(consultation),
            "page_title": _("Survey: %(title)s") % {"title": consultation.title},
            "version": version,
            "response": response,
            "resume_url": resume,
            "can_answer": permissions.can_answer(request.user, consultation, now),
            "survey_open": permissions.survey_open(consultation, now),
            "closes_at": max((p.ends_at for p in phases if p.starts_at <= now), default=None),
            "next_phase": next((p for p in phases if p.starts_at > now), None),
            "needs_verification": request.user.is_authenticated
            and not has_verified_email(request.user),
            "can_enter": permissions.can_enter_responses(request.user, consultation),
            "can_analyse": permissions.can_analyse(request.user, consultation),
            "results_public": permissions.results_public(
                consultation, getattr(consultation, "survey_results", None), now
            ),
        },
    )


def survey_section(request, consultation_id, number):
    consultation = _consultation(consultation_id)
    refusal = _refusal(request, consultation)
    if refusal:
        return refusal
    version = services.current_version(consultation)
    sections = version.sections
    index = number - 1
    if not 0 <= index < len(sections):
        raise Http404
    response = _own_response(request, consultation)
    answers = _answers(request, consultation, response)
    change = request.GET.get("change") == "1"
    saving = request.method == "POST" and request.POST.get("action") == "save"
    form = SurveyQuestionsForm(
        request.POST if request.method == "POST" else None,
        sections=[sections[index]],
        all_sections=sections,
        answers=answers,
        partial=saving,
    )
    if request.method == "POST" and form.is_valid():
        given = form.answers_given()
        try:
            if request.user.is_authenticated:
                response = services.save_answers(request.user, consultation, given)
                answers = response.answers
            else:
                merged = {**answers, **given}
                answers = prune(sections, {k: v for k, v in merged.items() if v is not None})
                _keep_in_session(request, consultation, answers=answers)
        except ActionRefused as refusal:
            return refused(request, refusal)
        if saving:
            messages.success(
                request,
                _("Your answers are saved. Come back to this page before the survey closes."),
            )
            return redirect("consultations:survey", consultation.pk)
        if change:
            return redirect("consultations:survey_check", consultation.pk)
        return redirect(_next_url(consultation, sections, answers, index))
    asked = _asked_sections(sections, answers)
    earlier = [i for i in asked if i < index]
    back = (
        reverse("consultations:survey_check", args=[consultation.pk])
        if change
        else (
            _section_url(consultation, earlier[-1])
            if earlier
            else reverse("consultations:survey", args=[consultation.pk])
        )
    )
    status = 400 if form.errors else 200
    if request.method == "GET" and not answers:
        # Before a first answer the questions are the same blank form for everyone: kept
        # for this version of the questions (Django renders each choice of each question
        # through a template, most of the page's cost).
        form = fragments.cached(
            "survey-blank-section",
            [consultation.pk, version.number, index],
            lambda: str(form),
        )
    return render(
        request,
        "consultations/survey_section.html",
        {
            **_crumbs(consultation),
            "page_title": sections[index]["title"],
            "section": sections[index],
            "number": number,
            "count": len(sections),
            "form": form,
            "back_url": back,
            "change": change,
            "may_save": request.user.is_authenticated,
        },
        status=status,
    )


def survey_equality(request, consultation_id):
    consultation = _consultation(consultation_id)
    if not consultation.survey_equality_monitoring:
        raise Http404
    refusal = _refusal(request, consultation)
    if refusal:
        return refusal
    response = _own_response(request, consultation)
    if response is not None and response.is_submitted:
        # Asked once, with the first answers; never again for the same person.
        return redirect("consultations:survey_check", consultation.pk)
    stored = _session(request, consultation)
    if request.method == "POST":
        form = EqualityForm(request.POST)
        if form.is_valid():
            equality = {} if request.POST.get("action") == "skip" else form.answers()
            _keep_in_session(request, consultation, equality=equality)
            return redirect("consultations:survey_check", consultation.pk)
    else:
        form = EqualityForm(initial=stored.get("equality") or {})
    version = services.current_version(consultation)
    answers = _answers(request, consultation, response)
    asked = _asked_sections(version.sections, answers)
    return render(
        request,
        "consultations/survey_equality.html",
        {
            **_crumbs(consultation),
            "page_title": _("Equality monitoring (optional)"),
            "form": form,
            "back_url": _section_url(consultation, asked[-1] if asked else 0),
        },
        status=400 if form.errors else 200,
    )


def _change_url(consultation, index, question_id):
    return f"{_section_url(consultation, index, change=True)}#id_{field_name(question_id)}"


def _check_rows(consultation, sections, answers):
    asked = {q["id"] for q in asked_questions(sections, answers)}
    rows = []
    for index, section in enumerate(sections):
        questions = [
            {
                "question": q,
                "text": answer_text(q, answers),
                "change_url": _change_url(consultation, index, q["id"]),
            }
            for q in section["questions"]
            if q["id"] in asked
        ]
        if questions:
            rows.append({"section": section, "questions": questions})
    return rows


@rate_limit("survey_submit", limit=20, period=3600)
def survey_check(request, consultation_id):
    consultation = _consultation(consultation_id)
    refusal = _refusal(request, consultation)
    if refusal:
        return refusal
    version = services.current_version(consultation)
    response = _own_response(request, consultation)
    answers = _answers(request, consultation, response)
    anonymous = not request.user.is_authenticated
    form = AnonymousSurveyForm(request.POST if request.method == "POST" else None)
    missing = []
    status = 200
    if request.method == "POST":
        if anonymous and not form.is_valid():
            status = 400
        else:
            stored = _session(request, consultation)
            try:
                response, _first = services.submit_response(
                    consultation,
                    respondent=request.user,
                    answers=answers if anonymous else None,
                    equality=stored.get("equality"),
                )
            except ActionRefused as refusal:
                return refused(request, refusal)
            except ValidationError:
                missing = missing_required(version.sections, answers)
                status = 400
            else:
                request.session.pop(_session_key(consultation), None)
                request.session[f"survey_sent:{consultation.pk}"] = response.reference
                return redirect("consultations:survey_done", consultation.pk)
    else:
        missing = []
    return render(
        request,
        "consultations/survey_check.html",
        {
            **_crumbs(consultation),
            "page_title": _("Check your answers before sending them"),
            "rows": _check_rows(consultation, version.sections, answers),
            "missing": [
                {
                    "question": q,
                    "url": _change_url(consultation, _index_of(version.sections, q["id"]), q["id"]),
                }
                for q in missing
            ],
            "form": form,
            "anonymous": anonymous,
            "editing": response is not None and response.is_submitted,
            "back_url": (
                reverse("consultations:survey_equality", args=[consultation.pk])
                if consultation.survey_equality_monitoring
                and not (response is not None and response.is_submitted)
                else _section_url(consultation, len(version.sections) - 1)
            ),
        },
        status=status,
    )


def _index_of(sections, question_id):
    for index, section in enumerate(sections):
        if any(q["id"] == question_id for q in section["questions"]):
            return index
    return 0


def survey_done(request, consultation_id):
    consultation = _consultation(consultation_id)
    reference = request.session.get(f"survey_sent:{consultation.pk}")
    if not reference:
        return redirect("consultations:survey", consultation.pk)
    return render(
        request,
        "consultations/survey_done.html",
        {
            **_crumbs(consultation),
            "page_title": _("Your answers have been sent"),
            "reference": reference,
            "may_change": request.user.is_authenticated,
            "emailed": request.user.is_authenticated,
        },
    )


def survey_print(request, consultation_id):
    """Every question on one page, to print for paper distribution."""
    consultation = _consultation(consultation_id)
    version = services.current_version(consultation)
    parts = [
        {
            "section": section,
            "form": SurveyQuestionsForm(
                sections=[section], all_sections=version.sections, prefix=f"s{index}"
            ),
        }
        for index, section in enumerate(version.sections)
    ]
    return render(
        request,
        "consultations/survey_print.html",
        {
            **_crumbs(consultation),
            "page_title": _("Printable survey: %(title)s") % {"title": consultation.title},
            "version": version,
            "parts": parts,
            "equality_form": EqualityForm() if consultation.survey_equality_monitoring else None,
        },
    )


def survey_public_results(request, consultation_id):
    """The aggregated results, once a convenor published them after the survey closed:
    totals only (an option chosen by fewer than 5 people says so, without its count),
    and the free-text answers approved one by one."""
    consultation = _consultation(consultation_id)
    publication = survey_selectors.published(consultation)
    if not permissions.results_public(consultation, publication):
        raise Http404
    results = survey_selectors.public_results(consultation)
    approved = survey_selectors.public_free_text(consultation)
    questions = []
    for summary in results["questions"]:
        kind = summary["question"]["type"]
        if kind in ("short_text", "long_text"):
            summary = {**summary, "approved": approved.get(summary["question"]["id"], [])}
        questions.append(summary)
    return render(
        request,
        "consultations/survey_public_results.html",
        {
            **_crumbs(consultation),
            "page_title": _("Survey results: %(title)s") % {"title": consultation.title},
            "results": results,
            "questions": questions,
            "publication": publication,
        },
    )
