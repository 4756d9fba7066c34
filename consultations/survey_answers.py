"""Answers to a survey as plain data: which questions a respondent is asked (closed ones
are not; show-if ones only when the earlier answer matches), what is kept (nothing for a
question they were not asked), what is missing, and an answer in words.

``sections`` is a ``SurveyVersion.sections`` list (``survey_blocks.question_definitions``);
``answers`` is ``{question_id: value}``: text, an option (``OTHER`` for “Other”, with the
words under ``<id>_other``), a list of options (multiple choice; a ranking, best first),
a number, or an ISO date.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

OTHER = "__other__"


def other_key(question_id):
    return f"{question_id}_other"


def all_questions(sections):
    return [question for section in sections for question in section["questions"]]


def _matches(value, expected):
    if isinstance(value, list):
        return expected in value
    return value == expected


def is_asked(question, answers, by_id):
    """Open, and its show-if (if any) holds on an earlier question that was itself asked."""
    if question.get("closed"):
        return False
    rule = question.get("show_if")
    if not rule:
        return True
    target = by_id.get(rule["question"])
    if target is None or not is_asked(target, answers, by_id):
        return False
    return _matches(answers.get(rule["question"]), rule["answer"])


def asked_questions(sections, answers):
    by_id = {q["id"]: q for q in all_questions(sections)}
    return [q for q in all_questions(sections) if is_asked(q, answers, by_id)]


def is_empty(value):
    return value is None or value == "" or value == [] or value == {}


def prune(sections, answers):
    """Only the answers to questions the respondent was asked (and their “other” words
    when they chose Other): a show-if question they skipped stores nothing."""
    kept = {}
    for question in asked_questions(sections, answers):
        value = answers.get(question["id"])
        if is_empty(value):
            continue
        kept[question["id"]] = value
        if question.get("allow_other") and _matches(value, OTHER):
            words = answers.get(other_key(question["id"]))
            if words:
                kept[other_key(question["id"])] = words
    return kept


def missing_required(sections, answers):
    """The required questions asked but not answered, in order."""
    return [
        q
        for q in asked_questions(sections, answers)
        if q.get("required") and is_empty(answers.get(q["id"]))
    ]


def first_incomplete_section(sections, answers):
    """The index of the first section with a required question not yet answered."""
    missing = {q["id"] for q in missing_required(sections, answers)}
    for index, section in enumerate(sections):
        if any(q["id"] in missing for q in section["questions"]):
            return index
    return None


def option_label(question, value, answers):
    if value == OTHER:
        words = answers.get(other_key(question["id"])) or ""
        return _("Other: %(words)s") % {"words": words} if words else _("Other")
    return str(value)


def answer_text(question, answers):
    """The answer in words, for the check page, the receipt and the CSV ("" if none)."""
    value = answers.get(question["id"])
    if is_empty(value):
        return ""
    kind = question["type"]
    if kind == "single_choice":
        return option_label(question, value, answers)
    if kind == "multiple_choice":
        return "; ".join(option_label(question, v, answers) for v in value)
    if kind == "ranking":
        return "; ".join(f"{rank}. {option}" for rank, option in enumerate(value, start=1))
    if kind == "scale":
        return _("%(value)s of %(points)s") % {"value": value, "points": question["points"]}
    if kind == "date":
        try:
            return date_format(datetime.date.fromisoformat(value), "j F Y")
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def section_index_of(sections, question_id):
    for index, section in enumerate(sections):
        if any(q["id"] == question_id for q in section["questions"]):
            return index
    return None
