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
# Questions whose results are public: counted options (a ranking by first places).
PUBLIC_RESULT_TYPES = (*CHOICE_LIKE, "ranking")


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


def _results_key(consultation_id, channel, stamp):
    return f"survey-results:{consultation_id}:{channel or 'all'}:{stamp}"


def survey_results(consultation, channel=None, *, stamp=None):
    """``{"total", "by_channel", "questions": [summary…]}`` for the submitted responses
    (of one ``channel`` if given), cached until a response changes (``stamp``, if the
    caller read it already)."""
    queryset = submitted(consultation)
    if channel:
        queryset = queryset.filter(channel=channel)
    key = _results_key(consultation.pk, channel, stamp or _stamp(queryset))
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


def text_questions(consultation):
    """The survey's free-text questions, by id."""
    return {q["id"]: q for q in all_questions(consultation) if q["type"] in TEXT_TYPES}


def free_text_responses(consultation, questions, *, channel=None, theme=None, search=""):
    """The sent responses with a free-text answer to one of ``questions`` that passes
    the filters, newest first, filtered in the database (one JSON key lookup per
    question, on PostgreSQL and SQLite alike): the answer contains ``search`` (any
    case) and, with ``theme``, that answer is tagged with it. A queryset, to paginate."""
    needle = search.strip()
    matches = Q(pk__in=[])
    for qid in questions:
        match = Q(answers__has_key=qid) & ~Q(**{f"answers__{qid}": ""})
        if needle:
            match &= Q(**{f"answers__{qid}__icontains": needle})
        if theme is not None:
            tagged = ThemeTag.objects.filter(theme=theme, question_id=qid, response__isnull=False)
            match &= Q(pk__in=tagged.values("response_id"))
        matches |= match
    queryset = submitted(consultation).filter(matches)
    if channel:
        queryset = queryset.filter(channel=channel)
    return queryset.only("pk", "reference", "channel", "answers", "submitted_at").order_by(
        "-submitted_at", "-pk"
    )


def free_text_rows(consultation, responses, questions, *, theme=None, search=""):
    """A page of :func:`free_text_responses` as ``[{"response", "question", "text",
    "themes", "approved"}]``: each response's answers that matched, with their themes
    and whether they are approved for the public results (two queries for the page)."""
    responses = list(responses)
    ids = [response.pk for response in responses]
    tags = defaultdict(set)
    tag_rows = ThemeTag.objects.filter(response_id__in=ids)
    for response_id, qid, name in tag_rows.values_list("response_id", "question_id", "theme__name"):
        tags[(response_id, qid)].add(name)
    approved = set(
        ApprovedAnswer.objects.filter(response_id__in=ids).values_list("response_id", "question_id")
    )
    needle = search.strip().casefold()
    rows = []
    for response in responses:
        for qid, question in questions.items():
            text = response.answers.get(qid)
            if not text or (needle and needle not in str(text).casefold()):
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


def public_results_many(consultations) -> dict:
    """:func:`public_results` of each of ``consultations``, by id, in a fixed number of
    queries however many there are (one aggregate for their stamps, one cache read for
    them all); only a survey whose cached results are stale is computed again."""
    consultations = list(consultations)
    stamps = {page.pk: "0:-" for page in consultations}
    figures = (
        SurveyResponse.objects.filter(
            consultation__in=[page.pk for page in consultations],
            status=SurveyResponse.Status.SUBMITTED,
        )
        .values("consultation")
        .annotate(n=Count("pk"), last=Max("updated_at"))
    )
    for row in figures:
        stamps[row["consultation"]] = f"{row['n']}:{row['last'].isoformat()}"
    keys = {page.pk: _results_key(page.pk, None, stamps[page.pk]) for page in consultations}
    cached = cache.get_many(list(keys.values()))
    return {
        page.pk: public_results(page, results=cached.get(keys[page.pk]), stamp=stamps[page.pk])
        for page in consultations
    }


def public_results(consultation, *, results=None, stamp=None):
    """The results as anyone may see them once published: the same figures as
    :func:`survey_results`, with every option's count of 1 to 4 suppressed (its count
    and percentage ``None``, ``suppressed`` true), as equality figures are. The public
    results page, ``survey-results.csv`` and the API all show this, never the raw
    figures, so that a small group's answer is not readable from any of them."""
    if results is None:
        results = survey_results(consultation, stamp=stamp)
    questions = []
    for summary in results["questions"]:
        rows = []
        for row in summary["rows"]:
            shown = suppressed(row["count"])
            hidden = shown["count"] is None
            rows.append(
                {
                    **row,
                    "count": shown["count"],
                    "count_text": shown["text"],
                    "percent": None if hidden else row["percent"],
                    "suppressed": hidden,
                }
            )
        questions.append({**summary, "rows": rows, "others": []})
    return {**results, "questions": questions}


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


def responses_for_download(user):
    """The person's own survey responses for "download my data", in words: each
    question they answered with their answer. Their equality monitoring answers are
    not here: they are stored with no link to the person (only the survey and month),
    so no one, the person included, can find which are theirs; each response says so."""
    responses = (
        SurveyResponse.objects.filter(respondent=user).select_related("consultation").order_by("pk")
    )
    questions_of = {}
    rows = []
    for response in responses:
        consultation = response.consultation
        if consultation.pk not in questions_of:
            questions_of[consultation.pk] = all_questions(consultation)
        rows.append(
            {
                "survey": consultation.title,
                "reference": response.reference,
                "status": response.get_status_display(),
                "channel": response.get_channel_display(),
                "started_at": response.created_at,
                "changed_at": response.updated_at,
                "sent_at": response.submitted_at,
                "answers": [
                    {
                        "question": question["label"],
                        "answer": answer_text(question, response.answers),
                    }
                    for question in questions_of[consultation.pk]
                    if question["id"] in response.answers
                ],
                "equality_monitoring": _(
                    "Any equality monitoring answers you gave are stored apart from your "
                    "answers and your account, with only the month, so they cannot be "
                    "linked back to you, and are not in this file."
                )
                if consultation.survey_equality_monitoring
                else "",
            }
        )
    return rows
