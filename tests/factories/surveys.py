"""Survey test data: a consultation with a survey phase and questions of every type."""

from datetime import timedelta

from django.utils import timezone

from consultations.models import Action, ConsultationPage

from .consultations import make_consultation


def question(kind, qid, label, *, required=False, **extra):
    value = {
        "question": label,
        "hint": extra.pop("hint", ""),
        "required": required,
        "closed": extra.pop("closed", False),
        "show_if_question": extra.pop("show_if_question", ""),
        "show_if_answer": extra.pop("show_if_answer", ""),
    }
    defaults = {
        "short_text": {"max_length": 200},
        "long_text": {"max_length": 3000},
        "single_choice": {"options": ["Bus", "Bike", "Walk"], "allow_other": False},
        "multiple_choice": {
            "options": ["Parks", "Roads", "Schools", "Libraries"],
            "allow_other": False,
            "max_choices": None,
        },
        "scale": {"points": 5, "low_label": "Very poor", "high_label": "Very good"},
        "ranking": {"options": ["Air", "Safety", "Cost"]},
        "number": {"min_value": None, "max_value": None, "whole_number": True},
        "date": {},
    }[kind]
    value.update(defaults)
    value.update(extra)
    return {"type": kind, "id": qid, "value": value}


def section(sid, title, questions, intro=""):
    return {
        "type": "section",
        "id": sid,
        "value": {"title": title, "intro": intro, "questions": questions},
    }


def standard_sections():
    """Three sections: travel (single choice with other, show-if), views (every other
    type), about you (number, date)."""
    return [
        section(
            "s-travel",
            "How you travel",
            [
                question(
                    "single_choice",
                    "q-mode",
                    "How do you usually travel?",
                    required=True,
                    allow_other=True,
                ),
                question(
                    "short_text",
                    "q-bus-route",
                    "Which bus route do you use?",
                    required=True,
                    show_if_question="How do you usually travel?",
                    show_if_answer="Bus",
                ),
            ],
        ),
        section(
            "s-views",
            "Your views",
            [
                question(
                    "multiple_choice", "q-spend", "What should we spend more on?", max_choices=2
                ),
                question("scale", "q-rating", "How good are local services?", required=True),
                question("ranking", "q-rank", "Rank these priorities"),
                question("long_text", "q-ideas", "Any other ideas?"),
            ],
        ),
        section(
            "s-you",
            "About you",
            [
                question(
                    "number",
                    "q-years",
                    "How many years have you lived here?",
                    min_value="0",
                    max_value="120",
                ),
                question("date", "q-moved", "When did you move here?"),
            ],
        ),
    ]


def make_survey_consultation(
    title="Lowbridge transport survey", *, sections=None, open_=True, **fields
):
    now = timezone.now()
    if open_:
        span = (now - timedelta(days=1), now + timedelta(days=20))
    else:
        span = (now - timedelta(days=30), now - timedelta(days=1))
    page = make_consultation(title, phases={Action.SURVEY: span}, **fields)
    page.survey = sections if sections is not None else standard_sections()
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)
