"""Writes of a survey: versions, a person's saved and sent response, responses entered
by convenors, equality monitoring, themes and their tags, approvals and publication.

One response per person per survey is the database's rule
(``one_survey_response_per_person``): a person's row is found or made under a
savepoint and locked, so two tabs sending at once end with one response, never a 500.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from consultations import survey_permissions as permissions
from consultations import tasks
from consultations.models import (
    ApprovedAnswer,
    EqualityRecord,
    SurveyResponse,
    SurveyResultsPublication,
    SurveyTheme,
    SurveyVersion,
    ThemeTag,
)
from consultations.models.survey_blocks import question_definitions
from consultations.models.surveys import new_reference
from consultations.services.common import now_or
from consultations.survey_answers import missing_required, prune
from core import audit
from core.exceptions import ActionRefused
from core.tasks import enqueue_on_commit

Channel = SurveyResponse.Channel
Status = SurveyResponse.Status


# Versions ---------------------------------------------------------------------------


def current_version(consultation):
    """The version of the questions as published now: the latest, or a new one when the
    published questions differ from it (taken on publish, or at the first answer).

    Kept on the page object for its questions as they are (a view and the service it
    calls both ask; reading the questions is a millisecond): new questions on the page
    are asked again."""
    kept = consultation.__dict__.get("_current_survey_version")
    if kept is not None and kept[0] is consultation.survey:
        return kept[1]
    version = _current_version(consultation)
    consultation.__dict__["_current_survey_version"] = (consultation.survey, version)
    return version


def _current_version(consultation):
    sections = question_definitions(consultation.survey)
    latest = SurveyVersion.objects.filter(consultation=consultation).order_by("-number").first()
    if latest is not None and latest.sections == sections:
        return latest
    number = (latest.number if latest else 0) + 1
    try:
        with transaction.atomic():
            return SurveyVersion.objects.create(
                consultation=consultation, number=number, sections=sections
            )
    except IntegrityError:  # another process took this number at the same moment
        return SurveyVersion.objects.filter(consultation=consultation).order_by("-number").first()


def page_published(page):
    """On publishing a consultation: record a new version if its questions changed."""
    if page.has_survey:
        current_version(page)


# A person's own response ------------------------------------------------------------


def _own_response(consultation, respondent):
    """The person's row, created as a draft if missing, locked until the transaction
    ends. Call inside ``transaction.atomic()``. A person coming back (the usual case)
    costs one statement; a first answer, or two tabs' first answers at once, meet the
    unique constraint rather than a check."""
    mine = SurveyResponse.objects.select_for_update().filter(
        consultation=consultation, respondent=respondent
    )
    existing = mine.first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            SurveyResponse.objects.get_or_create(
                consultation=consultation,
                respondent=respondent,
                defaults={"status": Status.DRAFT},
            )
    except IntegrityError:
        pass  # made by the other tab a moment ago
    return mine.get()


def save_answers(respondent, consultation, answers, at=None):
    """Keep a signed-in person's answers to one section (save and come back later, or
    the next page). ``None`` clears an answer. Returns the response."""
    at = now_or(at)
    if not permissions.can_answer(respondent, consultation, at) or not respondent.is_authenticated:
        raise ActionRefused(_("This survey is not open for answers now."))
    version = current_version(consultation)
    with transaction.atomic():
        response = _own_response(consultation, respondent)
        merged = {**response.answers, **answers}
        response.answers = prune(
            version.sections, {k: v for k, v in merged.items() if v is not None}
        )
        response.version = version
        response.save(update_fields=["answers", "version", "updated_at"])
    return response


def _check_complete(version, answers):
    missing = missing_required(version.sections, answers)
    if missing:
        raise ValidationError(
            [_("Answer “%(q)s”.") % {"q": question["label"]} for question in missing]
        )


def submit_response(consultation, *, respondent=None, answers=None, equality=None, at=None):
    """Send a response online. A signed-in person's saved answers (plus ``answers``)
    become their one response, or their changes to it; without an account (only where
    the survey allows it) ``answers`` is a new response. Returns ``(response, first)``:
    ``first`` is False when the response had already been sent (a second tab, an edit).

    ``equality`` (a dict of equality answers) is stored apart, only with a first send.
    """
    at = now_or(at)
    user = respondent
    if user is None or not user.is_authenticated:
        user = None
    if not permissions.can_answer(respondent, consultation, at):
        raise ActionRefused(_("This survey is not open for answers now."))
    version = current_version(consultation)
    with transaction.atomic():
        if user is not None:
            response = _own_response(consultation, user)
            first = not response.is_submitted
            merged = {**response.answers, **(answers or {})}
        else:
            response = SurveyResponse(consultation=consultation, channel=Channel.ONLINE)
            first = True
            merged = dict(answers or {})
        cleaned = prune(version.sections, {k: v for k, v in merged.items() if v is not None})
        _check_complete(version, cleaned)
        response.answers = cleaned
        response.version = version
        response.status = Status.SUBMITTED
        response.submitted_at = at
        _save_with_reference(response)
        if first and equality and consultation.survey_equality_monitoring:
            record_equality(consultation, equality, at)
    if user is not None:
        enqueue_on_commit(tasks.email_survey_receipt, response.pk, first)
    return response, first


def _save_with_reference(response):
    """Save, drawing another reference on the (very rare) clash of a random one."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                response.save()
            return
        except IntegrityError:
            if (
                response.pk is not None
                and SurveyResponse.objects.filter(pk=response.pk).exists()
                and not SurveyResponse.objects.filter(reference=response.reference)
                .exclude(pk=response.pk)
                .exists()
            ):
                raise
            response.reference = new_reference()
    raise IntegrityError("no free reference")


def record_equality(consultation, equality, at=None):
    """Store equality answers apart: no person, no response, only the month."""
    at = now_or(at)
    values = {name: equality.get(name) or "" for name in EqualityRecord.QUESTIONS}
    if not any(values.values()):
        return None
    return EqualityRecord.objects.create(
        consultation=consultation, month=datetime.date(at.year, at.month, 1), **values
    )


# Responses entered by convenors -------------------------------------------------------


def enter_response(user, consultation, *, answers, channel, workshop="", equality=None, at=None):
    """A paper, email, phone or workshop response typed in by someone allowed to."""
    at = now_or(at)
    if not permissions.can_enter_responses(user, consultation):
        raise ActionRefused(_("You may not enter responses for this survey."))
    if channel not in Channel.values or channel == Channel.ONLINE:
        raise ValidationError({"channel": _("Choose how this response came in.")})
    version = current_version(consultation)
    cleaned = prune(version.sections, {k: v for k, v in answers.items() if v is not None})
    _check_complete(version, cleaned)
    with transaction.atomic():
        response = SurveyResponse(
            consultation=consultation,
            version=version,
            entered_by=user,
            channel=channel,
            workshop=workshop if channel == Channel.WORKSHOP else "",
            answers=cleaned,
            status=Status.SUBMITTED,
            submitted_at=at,
        )
        _save_with_reference(response)
        if equality and consultation.survey_equality_monitoring:
            record_equality(consultation, equality, at)
        audit.record(user, "survey.entered", response, {"channel": channel})
    return response


# Coding, approval and publication ------------------------------------------------------


def _require_analyst(user, consultation):
    if not permissions.can_analyse(user, consultation):
        raise ActionRefused(_("Only convenors may do this."))


def add_theme(user, consultation, name):
    _require_analyst(user, consultation)
    name = " ".join((name or "").split())[:80]
    if not name:
        raise ValidationError({"name": _("Enter a theme.")})
    theme, _created = SurveyTheme.objects.get_or_create(consultation=consultation, name=name)
    return theme


def tag(user, theme, *, response=None, question_id="", proposal=None):
    """Give ``theme`` to a free-text answer or a proposal (again: nothing new)."""
    _require_analyst(user, theme.consultation)
    try:
        with transaction.atomic():
            return ThemeTag.objects.create(
                theme=theme,
                response=response,
                question_id=question_id if response else "",
                proposal=proposal,
                tagged_by=user,
            )
    except IntegrityError:
        return None


def untag(user, theme, *, response=None, question_id="", proposal=None):
    _require_analyst(user, theme.consultation)
    filters = (
        {"response": response, "question_id": question_id} if response else {"proposal": proposal}
    )
    return ThemeTag.objects.filter(theme=theme, **filters).delete()[0]


def approve_answer(user, response, question_id, approved=True):
    """Let one free-text answer show on the public results (or take it off)."""
    _require_analyst(user, response.consultation)
    if not approved:
        ApprovedAnswer.objects.filter(response=response, question_id=question_id).delete()
        return None
    answer, _created = ApprovedAnswer.objects.get_or_create(
        response=response, question_id=question_id, defaults={"approved_by": user}
    )
    return answer


def publish_results(user, consultation, at=None):
    """Publish the aggregated results (once the survey closed), audited; publishing
    results already published changes nothing and records nothing."""
    at = now_or(at)
    _require_analyst(user, consultation)
    if not permissions.survey_closed(consultation, at):
        raise ActionRefused(_("Results can be published once the survey has closed."))
    with transaction.atomic():
        publication, created = SurveyResultsPublication.objects.get_or_create(
            consultation=consultation, defaults={"published_by": user, "published_at": at}
        )
        if created:
            audit.record(user, "survey.results_published", consultation)
    return publication


def unpublish_results(user, consultation):
    """Take the public results down, audited (if they were up)."""
    _require_analyst(user, consultation)
    with transaction.atomic():
        deleted, _rows = SurveyResultsPublication.objects.filter(consultation=consultation).delete()
        if deleted:
            audit.record(user, "survey.results_unpublished", consultation)


def forget_respondent(user):
    """When an account is deleted (the privacy notice): answers never sent are deleted;
    sent ones stay, no longer linked to the person, so the figures stay complete. Runs
    inside the deletion's transaction (``accounts.privacy.deletion_steps``)."""
    drafts, _rows = SurveyResponse.objects.filter(respondent=user, status=Status.DRAFT).delete()
    unlinked = SurveyResponse.objects.filter(respondent=user).update(respondent=None)
    return {"survey_drafts_deleted": drafts, "survey_responses_unlinked": unlinked}
