"""Who may do what with a consultation's survey: plain predicates, like
``consultations.permissions`` (kept in their own module so the survey's rules read in
one place). Every predicate takes an explicit ``at`` where time matters.

- answering: while the survey phase is open, a person taking part
  (``can_take_part``), or anyone without an account where the convenor allows it;
- entering responses on someone's behalf: convenors, and people given the permission
  ``consultations.enter_survey_responses`` (a group such as "Survey volunteers");
- results, coding and export: convenors; the public results once a convenor published
  them after the survey closed.
"""

from django.utils import timezone

from accounts.roles import is_convenor
from consultations.models.choices import Action
from core.permissions import can_take_part


def _now(at):
    return at or timezone.now()


def survey_open(consultation, at=None) -> bool:
    return bool(
        consultation.live
        and consultation.has_survey
        and consultation.is_open_for(Action.SURVEY, _now(at))
    )


def survey_closed(consultation, at=None) -> bool:
    """Its survey phases have all ended."""
    at = _now(at)
    phases = consultation.phases_for(Action.SURVEY)
    return bool(phases) and all(phase.ends_at <= at for phase in phases)


def may_answer_without_account(user, consultation) -> bool:
    return consultation.survey_allows_anonymous and not user.is_authenticated


def can_answer(user, consultation, at=None) -> bool:
    if not survey_open(consultation, at):
        return False
    return can_take_part(user) or may_answer_without_account(user, consultation)


def can_enter_responses(user, consultation=None) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (is_convenor(user) or user.has_perm("consultations.enter_survey_responses"))
    )


def can_analyse(user, consultation=None) -> bool:
    return is_convenor(user)


def results_public(consultation, publication, at=None) -> bool:
    return bool(publication is not None and consultation.live and survey_closed(consultation, at))
