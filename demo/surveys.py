"""Demo surveys for Lowbridge; called by ``manage.py seed_demo`` after
demo/consultations.py.

Two consultations with surveys: the residents' survey, closed ten days ago with 420
responses (online, paper, phone and two workshops; equality monitoring from some),
themes, a few approved quotes and published results; and a neighbourhood survey open
now, with every type of question. Deterministic (a seeded random generator, references
``DEMO-0001`` …) and idempotent: the responses are made once, in bulk.
"""

import random
from datetime import datetime, timedelta

from django.db import transaction

from accounts.models import User
from consultations.models import (
    Action,
    ApprovedAnswer,
    ConsultationIndexPage,
    ConsultationPage,
    EqualityRecord,
    SurveyResponse,
    SurveyResultsPublication,
    SurveyTheme,
    ThemeTag,
)
from consultations.services import surveys as survey_services
from demo import accounts as accounts_demo
from demo.consultations import _days, _start, seed_consultation

CLOSED_SLUG = "residents-survey-2026"
OPEN_SLUG = "your-neighbourhood-your-say"
RESPONSES = 420


def _q(kind, qid, label, *, required=False, hint="", **extra):
    value = {
        "question": label,
        "hint": hint,
        "required": required,
        "closed": False,
        "show_if_question": extra.pop("show_if_question", ""),
        "show_if_answer": extra.pop("show_if_answer", ""),
    }
    value.update(extra)
    return {"type": kind, "id": qid, "value": value}


def _section(sid, title, questions, intro=""):
    return {
        "type": "section",
        "id": sid,
        "value": {"title": title, "intro": intro, "questions": questions},
    }


PRIORITIES = ["Clean air", "Safe streets", "Good jobs", "Warm homes", "Green spaces"]
MODES = ["Walk", "Bike", "Bus", "Car", "Train"]
IDEAS = [
    "More trees on the ring road, please.",
    "Buses that run after 10pm on weekdays.",
    "Fix the pavements near the market so prams and wheelchairs can pass.",
    "Safer crossings outside every primary school.",
    "Insulate the council flats on Mill Lane before next winter.",
    "Open the school playgrounds at weekends.",
    "A proper cycle lane from the station to the hospital.",
    "Cheaper bus fares for young people.",
    "More benches in the park for older people.",
    "Stop idling cars outside schools.",
]


def closed_sections():
    return [
        _section(
            "demo-s-priorities",
            "Priorities",
            [
                _q(
                    "ranking",
                    "demo-q-rank",
                    "Rank these priorities for Lowbridge",
                    options=PRIORITIES,
                ),
                _q(
                    "scale",
                    "demo-q-satisfied",
                    "How satisfied are you with Lowbridge as a place to live?",
                    required=True,
                    points=5,
                    low_label="Very dissatisfied",
                    high_label="Very satisfied",
                ),
            ],
        ),
        _section(
            "demo-s-travel",
            "Getting around",
            [
                _q(
                    "single_choice",
                    "demo-q-mode",
                    "How do you usually travel to work or study?",
                    required=True,
                    options=MODES,
                    allow_other=True,
                ),
                _q(
                    "multiple_choice",
                    "demo-q-barriers",
                    "What stops you walking or cycling more?",
                    options=["Traffic", "Distance", "Weather", "Poor pavements", "No bike"],
                    allow_other=False,
                    max_choices=3,
                ),
            ],
        ),
        _section(
            "demo-s-ideas",
            "Your ideas",
            [
                _q(
                    "long_text",
                    "demo-q-ideas",
                    "What one change would make the biggest difference?",
                    max_length=3000,
                )
            ],
        ),
    ]


def open_sections():
    return [
        _section(
            "demo-o-you",
            "You and your area",
            [
                _q(
                    "short_text",
                    "demo-o-area",
                    "Which part of Lowbridge do you live in?",
                    hint="A ward or neighbourhood, not your address.",
                    max_length=100,
                ),
                _q(
                    "number",
                    "demo-o-years",
                    "How many years have you lived in Lowbridge?",
                    min_value="0",
                    max_value="120",
                    whole_number=True,
                ),
                _q("date", "demo-o-moved", "When did you move to your current home?"),
            ],
        ),
        _section(
            "demo-o-green",
            "Green spaces",
            [
                _q(
                    "single_choice",
                    "demo-o-park",
                    "Do you use a park near you?",
                    required=True,
                    options=["Every week", "Sometimes", "Never"],
                ),
                _q(
                    "multiple_choice",
                    "demo-o-why-not",
                    "What would make you use it?",
                    show_if_question="Do you use a park near you?",
                    show_if_answer="Never",
                    options=["Lighting", "Toilets", "Play areas", "Feeling safe"],
                    allow_other=True,
                    max_choices=2,
                ),
                _q(
                    "scale",
                    "demo-o-quality",
                    "How good are the green spaces near you?",
                    points=5,
                    low_label="Very poor",
                    high_label="Very good",
                ),
                _q(
                    "ranking",
                    "demo-o-rank",
                    "Rank what parks should have first",
                    options=["Trees", "Play areas", "Sports pitches", "Quiet places"],
                ),
            ],
        ),
        _section(
            "demo-o-more",
            "Anything else",
            [_q("long_text", "demo-o-more", "Anything else you want to tell us?")],
        ),
    ]


def specs(start):
    return [
        {
            "slug": CLOSED_SLUG,
            "title": "Lowbridge residents' survey 2026",
            "question": "What should the city's shared goals put first?",
            "context": "<p>The council and its partners asked residents what matters most, "
            "online, on paper, by phone and at two workshops.</p>",
            "goals": [],
            "phases": {Action.SURVEY: (start - _days(50), start - _days(10))},
            "rules": {},
            "survey": closed_sections(),
            "survey_fields": {
                "survey_intro": "Ten minutes, three short parts.",
                "survey_allows_anonymous": True,
                "survey_equality_monitoring": True,
            },
        },
        {
            "slug": OPEN_SLUG,
            "title": "Your neighbourhood, your say",
            "question": "How could the green spaces near you be better?",
            "context": "<p>Tell us how you use your local park, and what would help.</p>",
            "goals": [],
            "phases": {Action.SURVEY: (start - _days(5), start + _days(25))},
            "rules": {},
            "survey": open_sections(),
            "survey_fields": {
                "survey_intro": "About five minutes. Sign in to save and come back.",
                "survey_allows_anonymous": False,
                "survey_equality_monitoring": True,
            },
        },
    ]


def seed_survey_page(index, spec):
    page = seed_consultation(index, spec)
    if not page.survey:
        page.survey = spec["survey"]
        for name, value in spec["survey_fields"].items():
            setattr(page, name, value)
        page.save_revision().publish()
        page = ConsultationPage.objects.get(pk=page.pk)
    survey_services.current_version(page)
    return page


def _answers(rng, n):
    barriers = ["Traffic", "Distance", "Weather", "Poor pavements", "No bike"]
    ranked = PRIORITIES[:]
    rng.shuffle(ranked)
    answers = {
        "demo-q-satisfied": rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 3, 4, 2])[0],
        "demo-q-mode": rng.choices([*MODES, "__other__"], weights=[5, 2, 4, 6, 1, 1])[0],
    }
    if answers["demo-q-mode"] == "__other__":
        answers["demo-q-mode_other"] = rng.choice(["Mobility scooter", "Taxi", "Motorbike"])
    if rng.random() < 0.8:
        answers["demo-q-rank"] = ranked[: rng.choice([3, 5])]
    if rng.random() < 0.7:
        answers["demo-q-barriers"] = rng.sample(barriers, rng.choice([1, 2, 3]))
    if rng.random() < 0.45:
        answers["demo-q-ideas"] = IDEAS[n % len(IDEAS)]
    return answers


CHANNELS = (
    [SurveyResponse.Channel.ONLINE] * 300
    + [SurveyResponse.Channel.PAPER] * 60
    + [SurveyResponse.Channel.PHONE] * 20
    + [SurveyResponse.Channel.WORKSHOP] * 40
)


def seed_responses(page, convenor):
    """420 responses, once. Online ones without an account (the survey allowed it);
    the others typed in by the demo convenor."""
    if SurveyResponse.objects.filter(consultation=page).exists():
        return 0
    rng = random.Random(2026)
    version = survey_services.current_version(page)
    phase = page.phases_for(Action.SURVEY)[0]
    responses, records = [], []
    for n, channel in enumerate(CHANNELS):
        at = phase.starts_at + timedelta(minutes=n * 130)
        responses.append(
            SurveyResponse(
                consultation=page,
                version=version,
                channel=channel,
                workshop=("Central Library, 12 May" if n % 2 else "Mill Lane Hall, 19 May")
                if channel == SurveyResponse.Channel.WORKSHOP
                else "",
                entered_by=convenor if channel != SurveyResponse.Channel.ONLINE else None,
                reference=f"DEMO-{n + 1:04d}",
                answers=_answers(rng, n),
                status=SurveyResponse.Status.SUBMITTED,
                submitted_at=at,
            )
        )
        if rng.random() < 0.45:
            records.append(_equality(rng, page, at))
    SurveyResponse.objects.bulk_create(responses, batch_size=500)
    EqualityRecord.objects.bulk_create(records, batch_size=500)
    return len(responses)


def _equality(rng, page, at):
    def pick(choices, weights):
        return rng.choices(choices, weights=weights)[0]

    return EqualityRecord(
        consultation=page,
        month=datetime(at.year, at.month, 1).date(),
        age_band=pick(
            ["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+", "prefer_not", ""],
            [8, 16, 18, 16, 14, 12, 3, 4, 2],
        ),
        sex=pick(["female", "male", "prefer_not", ""], [50, 44, 4, 2]),
        gender_same_as_birth=pick(["yes", "no", "prefer_not", ""], [92, 1, 5, 2]),
        disability=pick(["yes", "no", "prefer_not", ""], [18, 72, 6, 4]),
        ethnicity=pick(
            ["asian", "black", "mixed", "white", "other", "prefer_not"], [12, 6, 4, 70, 1, 7]
        ),
        religion=pick(
            ["none", "christian", "muslim", "hindu", "sikh", "jewish", "buddhist", "prefer_not"],
            [40, 35, 10, 3, 2, 1, 1, 8],
        ),
        sexual_orientation=pick(
            ["straight", "gay", "bi", "other", "prefer_not"], [82, 4, 3, 1, 10]
        ),
        caring=pick(["yes", "no", "prefer_not", ""], [15, 78, 5, 2]),
    )


THEMES = {
    "Transport": ("bus", "cycle", "crossings", "idling"),
    "Housing": ("insulate",),
    "Green spaces": ("trees", "park", "playgrounds"),
    "Streets": ("pavements", "crossings"),
}


def seed_coding(page, convenor):
    """Themes, tags on the free-text answers by keyword, three approved quotes, and the
    results published. Each step is skipped once done."""
    themes = {
        name: SurveyTheme.objects.get_or_create(consultation=page, name=name)[0] for name in THEMES
    }
    if not ThemeTag.objects.filter(theme__consultation=page).exists():
        tags = []
        responses = SurveyResponse.objects.filter(
            consultation=page, answers__has_key="demo-q-ideas"
        ).order_by("pk")
        for response in responses:
            text = response.answers["demo-q-ideas"].lower()
            for name, words in THEMES.items():
                if any(word in text for word in words):
                    tags.append(
                        ThemeTag(
                            theme=themes[name],
                            response=response,
                            question_id="demo-q-ideas",
                            tagged_by=convenor,
                        )
                    )
        ThemeTag.objects.bulk_create(tags, batch_size=500)
    if not ApprovedAnswer.objects.filter(response__consultation=page).exists():
        seen, quotes = set(), []
        for response in SurveyResponse.objects.filter(
            consultation=page, answers__has_key="demo-q-ideas"
        ).order_by("pk"):
            text = response.answers["demo-q-ideas"]
            if text not in seen and len(quotes) < 3:
                seen.add(text)
                quotes.append(
                    ApprovedAnswer(
                        response=response, question_id="demo-q-ideas", approved_by=convenor
                    )
                )
        ApprovedAnswer.objects.bulk_create(quotes)
    phase = page.phases_for(Action.SURVEY)[0]
    SurveyResultsPublication.objects.get_or_create(
        consultation=page,
        defaults={"published_by": convenor, "published_at": phase.ends_at + _days(2)},
    )


def seed(stdout):
    index = ConsultationIndexPage.objects.first()
    if index is None:
        stdout.write("surveys demo: no consultation index, skipped.")
        return
    convenor = User.objects.filter(email=accounts_demo.CONVENOR).first()
    with transaction.atomic():
        pages = {spec["slug"]: seed_survey_page(index, spec) for spec in specs(_start())}
        made = seed_responses(pages[CLOSED_SLUG], convenor)
        seed_coding(pages[CLOSED_SLUG], convenor)
    stdout.write(f"Surveys: {len(pages)} surveys, {made} responses added.")
