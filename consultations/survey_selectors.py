"""Reads of a survey: the results (counts and percentages per question, overall or for
one channel), free-text answers with filters, theme counts, equality monitoring in
aggregate with small numbers suppressed, the staff CSV and the open-data rows.

The results are one pass over the submitted responses' ``answers``; they are cached
under a key that changes whenever a response is sent or changed (the count and latest
change of the survey's responses: one indexed aggregate), so a page of results for
20,000 responses is computed once per change, not per view.
"""

import statistics
from collections import Counter, defaultdict

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from consultations.models import (
    ApprovedAnswer,
    ConsultationPage,
    EqualityRecord,
    SurveyResponse,
    SurveyResultsPublication,
    SurveyTheme,
    SurveyVersion,
    ThemeTag,
)
from consultations.models.survey_blocks import TEXT_TYPES
from consultations.survey_answers import OTHER, answer_text
from consultations.survey_permissions import survey_closed

SMALL_NUMBER = 5
CACHE_SECONDS = 600
CHOICE_LIKE = ("single_choice", "multiple_choice", "scale")
# The bar charts' geometry (an SVG 640 wide): labels left, bars from BAR_LEFT.
BAR_STEP, BAR_LEFT, BAR_SCALE = 26, 230, 3.2


def submitted(consultation):
    return SurveyResponse.objects.filter(
        consultation=consultation, status=SurveyResponse.Status.SUBMITTED
    )


def all_questions(consultation):
    """Every question the survey has had, in the latest version's order, then those
    only older versions had; each with its latest wording."""
    seen, ordered = {}, []
    for version in SurveyVersion.objects.filter(consultation=consultation).order_by("-number"):
        for question in version.questions():
            if question["id"] not in seen:
                seen[question["id"]] = question
                ordered.append(question)
    return ordered


def _stamp(queryset):
    figures = queryset.aggregate(n=Count("pk"), last=Max("updated_at"))
    last = figures["last"].isoformat() if figures["last"] else "-"
    return f"{figures['n']}:{last}"


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def _summarise(question, values, others, total):
    kind = question["type"]
    answered = len(values)
    summary = {
        "question": question,
        "answered": answered,
        "skipped": total - answered,
        "rows": [],
        "kind": kind,
    }
    if kind in CHOICE_LIKE:
        counts = Counter()
        for value in values:
            for item in value if isinstance(value, list) else [value]:
                counts[item] += 1
        if kind == "scale":
            labels = [
                (
                    str(n),
                    f"{n} – {question['low_label']}"
                    if n == 1
                    else f"{n} – {question['high_label']}"
                    if n == question["points"]
                    else str(n),
                )
                for n in range(1, question["points"] + 1)
            ]
            options = [(int(key), label) for key, label in labels]
        else:
            options = [(o, o) for o in question["options"]]
            if question.get("allow_other") or counts.get(OTHER):
                options.append((OTHER, _("Other")))
        for key, label in options:
            summary["rows"].append(
                {
                    "label": label,
                    "count": counts.get(key, 0),
                    "percent": _percent(counts.get(key, 0), answered),
                }
            )
        if kind == "scale" and values:
            summary["mean"] = round(statistics.fmean(values), 2)
        summary["others"] = others[:20]
    elif kind == "ranking":
        first, positions = Counter(), defaultdict(list)
        for value in values:
            if value:
                first[value[0]] += 1
            for rank, option in enumerate(value, start=1):
                positions[option].append(rank)
        for option in question["options"]:
            summary["rows"].append(
                {
                    "label": option,
                    "count": first.get(option, 0),
                    "percent": _percent(first.get(option, 0), answered),
                    "mean_rank": round(statistics.fmean(positions[option]), 2)
                    if positions[option]
                    else None,
                }
            )
    if summary["rows"]:
        for index, row in enumerate(summary["rows"]):
            row["y"] = index * BAR_STEP
            row["text_y"] = index * BAR_STEP + 15
            row["width"] = round(row["percent"] * BAR_SCALE, 1)
            row["value_x"] = BAR_LEFT + row["width"] + 6
        summary["chart_height"] = len(summary["rows"]) * BAR_STEP
    if kind == "number":
        numbers = [v for v in values if isinstance(v, (int, float))]
        if numbers:
            summary["stats"] = {
                "min": min(numbers),
                "max": max(numbers),
                "mean": round(statistics.fmean(numbers), 2),
                "median": statistics.median(numbers),
            }
    elif kind == "date":
        dates = sorted(v for v in values if isinstance(v, str))
        if dates:
            summary["stats"] = {"earliest": dates[0], "latest": dates[-1]}
    return summary


def survey_results(consultation, channel=None):
    """``{"total", "by_channel", "questions": [summary…]}`` for the submitted responses
    (of one ``channel`` if given), cached until a response changes."""
    queryset = submitted(consultation)
    if channel:
        queryset = queryset.filter(channel=channel)
    key = f"survey-results:{consultation.pk}:{channel or 'all'}:{_stamp(queryset)}"
    results = cache.get(key)
    if results is not None:
        return results
    questions = all_questions(consultation)
    values = {q["id"]: [] for q in questions}
    others = defaultdict(list)
    total = 0
    for answers in queryset.values_list("answers", flat=True).iterator(chunk_size=2000):
        total += 1
        for question_id, value in answers.items():
            bucket = values.get(question_id)
            if bucket is not None:
                bucket.append(value)
            elif question_id.endswith("_other"):
                others[question_id[: -len("_other")]].append(value)
    by_channel = [
        {
            "channel": row["channel"],
            "label": SurveyResponse.Channel(row["channel"]).label,
            "count": row["n"],
        }
        for row in submitted(consultation)
        .values("channel")
        .annotate(n=Count("pk"))
        .order_by("channel")
    ]
    grand_total = sum(row["count"] for row in by_channel)
    for row in by_channel:
        row["percent"] = _percent(row["count"], grand_total)
    results = {
        "total": total,
        "by_channel": by_channel,
        "questions": [
            _summarise(q, values[q["id"]], others.get(q["id"], []), total) for q in questions
        ],
    }
    cache.set(key, results, CACHE_SECONDS)
    return results


def free_text_answers(consultation, *, question_id=None, channel=None, theme=None, search=""):
    """Free-text answers (long and short text, and "other" words) as
    ``[{"response", "question", "text", "themes", "approved"}]``, filtered; a queryset
    of responses is filtered in the database, the answers picked out here."""
    questions = {q["id"]: q for q in all_questions(consultation) if q["type"] in TEXT_TYPES}
    if question_id:
        questions = {k: v for k, v in questions.items() if k == question_id}
    queryset = submitted(consultation).order_by("-submitted_at", "-pk")
    if channel:
        queryset = queryset.filter(channel=channel)
    if theme is not None:
        queryset = queryset.filter(tags__theme=theme).distinct()
    rows = []
    tags = defaultdict(set)
    tag_rows = ThemeTag.objects.filter(theme__consultation=consultation, response__isnull=False)
    for response_id, qid, name in tag_rows.values_list("response_id", "question_id", "theme__name"):
        tags[(response_id, qid)].add(name)
    approved = set(
        ApprovedAnswer.objects.filter(response__consultation=consultation).values_list(
            "response_id", "question_id"
        )
    )
    needle = search.lower().strip()
    for response in queryset.only("pk", "reference", "channel", "answers", "submitted_at"):
        for qid, question in questions.items():
            text = response.answers.get(qid)
            if not text:
                continue
            if needle and needle not in str(text).lower():
                continue
            if theme is not None and theme.name not in tags[(response.pk, qid)]:
                continue
            rows.append(
                {
                    "response": response,
                    "question": question,
                    "text": text,
                    "themes": sorted(tags[(response.pk, qid)]),
                    "approved": (response.pk, qid) in approved,
                }
            )
    return rows


def theme_counts(consultation):
    return list(
        SurveyTheme.objects.filter(consultation=consultation)
        .annotate(
            answers=Count("tags", filter=Q(tags__response__isnull=False)),
            proposals=Count("tags", filter=Q(tags__proposal__isnull=False)),
        )
        .order_by("name")
    )


def suppressed(count):
    """A count as shown: "fewer than 5" for 1 to 4 (0 is shown: it reveals nobody)."""
    if 0 < count < SMALL_NUMBER:
        return {"count": None, "text": _("fewer than %(n)s") % {"n": SMALL_NUMBER}}
    return {"count": count, "text": str(count)}


def equality_summary(consultation):
    """Each equality question's counts, small numbers suppressed; ``None`` when fewer
    than 5 people answered at all (then nothing is shown)."""
    records = EqualityRecord.objects.filter(consultation=consultation)
    total = records.count()
    if total < SMALL_NUMBER:
        return {"total": suppressed(total), "questions": []}
    questions = []
    for name in EqualityRecord.QUESTIONS:
        field = EqualityRecord._meta.get_field(name)
        counts = dict(records.values_list(name).annotate(n=Count("pk")).values_list(name, "n"))
        rows = []
        for value, label in field.choices:
            count = counts.get(value, 0)
            shown = suppressed(count)
            rows.append(
                {
                    "label": label,
                    **shown,
                    "percent": _percent(count, total) if shown["count"] is not None else None,
                }
            )
        not_answered = suppressed(counts.get("", 0))
        rows.append({"label": _("Not answered"), **not_answered, "percent": None})
        questions.append({"label": field.verbose_name, "rows": rows})
    return {"total": suppressed(total), "questions": questions}


def csv_header_and_rows(consultation):
    """The staff export: one row per sent response, one column per question (its
    answer in words), then channel, workshop, version and when. Never equality answers
    (they are not linked to responses at all)."""
    questions = all_questions(consultation)
    header = [
        "reference",
        "submitted_at",
        "channel",
        "workshop",
        "version",
        *[q["label"] for q in questions],
    ]

    def rows():
        queryset = (
            submitted(consultation)
            .order_by("pk")
            .values_list(
                "reference", "submitted_at", "channel", "workshop", "version__number", "answers"
            )
        )
        for reference, at, channel, workshop, version, answers in queryset.iterator(
            chunk_size=2000
        ):
            yield [
                reference,
                at.isoformat(),
                channel,
                workshop,
                version,
                *[answer_text(q, answers) for q in questions],
            ]

    return header, rows


def published(consultation):
    return SurveyResultsPublication.objects.filter(consultation=consultation).first()


def public_free_text(consultation):
    """The free-text answers a convenor approved for publication, by question."""
    approved = defaultdict(list)
    for approval in ApprovedAnswer.objects.filter(
        response__consultation=consultation
    ).select_related("response"):
        text = approval.response.answers.get(approval.question_id)
        if text:
            approved[approval.question_id].append(text)
    return approved


OPEN_DATA_FIELDS = [
    "consultation_id",
    "consultation",
    "question_id",
    "question",
    "question_type",
    "option",
    "count",
    "percent_of_answers",
    "answered",
    "responses",
]


def survey_results_open_data(consultations):
    """One row per option of each choice, scale and ranking (first places) question of
    the published surveys in ``consultations``: counts only, no free text."""
    for consultation in consultations:
        results = survey_results(consultation)
        for summary in results["questions"]:
            question = summary["question"]
            if question["type"] not in (*CHOICE_LIKE, "ranking"):
                continue
            for row in summary["rows"]:
                yield {
                    "consultation_id": consultation.pk,
                    "consultation": consultation.title,
                    "question_id": question["id"],
                    "question": question["label"],
                    "question_type": question["type"],
                    "option": row["label"],
                    "count": row["count"],
                    "percent_of_answers": row["percent"],
                    "answered": summary["answered"],
                    "responses": results["total"],
                }


def theme_export(consultation):
    """Each tag: the theme, and the answer (response reference and question) or the
    idea it was given to."""
    questions = {q["id"]: q["label"] for q in all_questions(consultation)}
    header = ["theme", "kind", "response_reference", "question", "proposal_id", "proposal"]

    def rows():
        tags = (
            ThemeTag.objects.filter(theme__consultation=consultation)
            .select_related("theme", "response", "proposal")
            .order_by("theme__name", "pk")
        )
        for item in tags.iterator(chunk_size=1000):
            if item.response_id:
                yield [
                    item.theme.name,
                    "answer",
                    item.response.reference,
                    questions.get(item.question_id, item.question_id),
                    "",
                    "",
                ]
            else:
                yield [item.theme.name, "proposal", "", "", item.proposal_id, item.proposal.title]

    return header, rows


def published_surveys(at=None):
    """Live, public consultations whose survey closed and whose results a convenor
    published."""
    pages = (
        ConsultationPage.objects.live()
        .public()
        .filter(survey_results__isnull=False)
        .prefetch_related("phases")
        .order_by("pk")
    )
    return [page for page in pages if survey_closed(page, at)]
