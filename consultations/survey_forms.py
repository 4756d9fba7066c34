"""The forms of a survey, built from its questions (``SurveyVersion.sections``): one
section for a respondent, every section at once for a convenor typing in a paper
response, and the optional equality monitoring questions.

Every field renders through the project's field template: choices and dates are
fieldsets with legends, errors are tied to their field and listed in the summary.
"""

import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations.models import EqualityRecord, SurveyResponse
from consultations.survey_answers import OTHER, all_questions, is_asked, other_key
from core.abuse import HoneypotFormMixin
from core.forms import DateInputField


def field_name(question_id):
    return f"q_{question_id}"


class RankingWidget(forms.MultiWidget):
    """One labelled select per option (1 = most important)."""

    template_name = "django/forms/widgets/labelled_parts.html"
    use_fieldset = True

    def __init__(self, options, attrs=None):
        self.options = options
        choices = [("", _("Not ranked"))] + [(str(n), str(n)) for n in range(1, len(options) + 1)]
        super().__init__([forms.Select(choices=choices) for _ in options], attrs)

    def decompress(self, value):
        ranks = {option: str(rank) for rank, option in enumerate(value or [], start=1)}
        return [ranks.get(option, "") for option in self.options]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, option in zip(context["widget"]["subwidgets"], self.options, strict=True):
            subwidget["label"] = option
        return context


class RankingField(forms.MultiValueField):
    """A ranking: the options in order, best first. Two options with the same rank are
    refused; a required ranking needs every option ranked."""

    def __init__(self, options, **kwargs):
        self.options = options
        numbers = [str(n) for n in range(1, len(options) + 1)]
        parts = [
            forms.ChoiceField(choices=[("", "")] + [(n, n) for n in numbers], required=False)
            for _ in options
        ]
        super().__init__(parts, widget=RankingWidget(options), require_all_fields=False, **kwargs)

    def compress(self, data_list):
        ranks = [
            (int(rank), option)
            for rank, option in zip(data_list or [], self.options, strict=False)
            if rank
        ]
        if not ranks:
            return []
        if len({rank for rank, _option in ranks}) != len(ranks):
            raise forms.ValidationError(_("Give each option a different rank."), code="duplicate")
        if self.required and len(ranks) != len(self.options):
            raise forms.ValidationError(_("Rank every option."), code="incomplete")
        return [option for _rank, option in sorted(ranks)]

    def clean(self, value):
        # MultiValueField calls each part required; ``compress`` decides instead.
        if self.required and not any(value or []):
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return super().clean(value)


def question_field(question, *, required):
    label, hint = question["label"], question.get("hint") or ""
    kind = question["type"]
    common = {"label": label, "required": required, "help_text": hint}
    if kind == "short_text":
        return forms.CharField(max_length=question["max_length"], **common)
    if kind == "long_text":
        return forms.CharField(
            max_length=question["max_length"], widget=forms.Textarea(attrs={"rows": 6}), **common
        )
    if kind == "single_choice":
        choices = [(o, o) for o in question["options"]]
        if question.get("allow_other"):
            choices.append((OTHER, _("Other")))
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == "multiple_choice":
        choices = [(o, o) for o in question["options"]]
        if question.get("allow_other"):
            choices.append((OTHER, _("Other")))
        if question.get("max_choices"):
            up_to = _("Select up to %(n)s.") % {"n": question["max_choices"]}
            common["help_text"] = f"{hint} {up_to}".strip()
        else:
            common["help_text"] = hint or _("Select all that apply.")
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == "scale":
        points = question["points"]
        choices = []
        for n in range(1, points + 1):
            text = str(n)
            if n == 1:
                text = f"1 – {question['low_label']}"
            elif n == points:
                text = f"{points} – {question['high_label']}"
            choices.append((str(n), text))
        return forms.TypedChoiceField(
            choices=choices, coerce=int, widget=forms.RadioSelect, empty_value=None, **common
        )
    if kind == "ranking":
        common["help_text"] = (f"{hint} " + _("Give 1 to the most important.")).strip()
        return RankingField(question["options"], **common)
    if kind == "number":
        low = Decimal(question["min_value"]) if question.get("min_value") is not None else None
        high = Decimal(question["max_value"]) if question.get("max_value") is not None else None
        attrs = {"inputmode": "numeric" if question.get("whole_number") else "decimal"}
        if question.get("whole_number"):
            return forms.IntegerField(
                min_value=low, max_value=high, widget=forms.TextInput(attrs=attrs), **common
            )
        return forms.DecimalField(
            min_value=low, max_value=high, widget=forms.TextInput(attrs=attrs), **common
        )
    if kind == "date":
        return DateInputField(**common)
    raise ValueError(kind)


def to_stored(question, value):
    """A cleaned form value as it is kept in ``SurveyResponse.answers``."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def to_initial(question, value):
    if question["type"] == "scale" and value is not None:
        return str(value)
    return value


class SurveyQuestionsForm(forms.Form):
    """The questions of ``sections`` (one section for a respondent, all for a convenor).

    ``answers`` are those already given; a show-if question whose earlier question is on
    this same form is shown and checked only if the answer to it, as sent, matches.
    ``partial`` (save and come back later) asks for nothing to be required.
    """

    def __init__(self, *args, sections, all_sections, answers=None, partial=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.all_sections = all_sections
        self.answers = dict(answers or {})
        self.partial = partial
        self.by_id = {q["id"]: q for q in all_questions(all_sections)}
        on_form = {q["id"] for q in all_questions(sections)}
        self.questions = []
        initial = {}
        for question in all_questions(sections):
            if question.get("closed"):
                continue
            rule = question.get("show_if")
            conditional = bool(rule and rule["question"] in on_form)
            if rule and not conditional and not is_asked(question, self.answers, self.by_id):
                continue
            field = question_field(
                question, required=question["required"] and not conditional and not partial
            )
            if conditional:
                target = self.by_id[rule["question"]]
                note = _("Answer only if you answered “%(a)s” to “%(q)s”.") % {
                    "a": rule["answer"],
                    "q": target["label"],
                }
                field.help_text = f"{field.help_text} {note}".strip()
            name = field_name(question["id"])
            self.fields[name] = field
            self.questions.append((question, conditional))
            initial[name] = to_initial(question, self.answers.get(question["id"]))
            if question.get("allow_other"):
                other = forms.CharField(
                    label=_("If other, please specify"), required=False, max_length=300
                )
                self.fields[name + "_other"] = other
                initial[name + "_other"] = self.answers.get(other_key(question["id"]), "")
        if not self.is_bound:
            self.initial = {**initial, **self.initial}

    def clean(self):
        cleaned = super().clean()
        sent = dict(self.answers)
        for question, _conditional in self.questions:
            name = field_name(question["id"])
            if name in cleaned:
                sent[question["id"]] = to_stored(question, cleaned[name])
        for question, conditional in self.questions:
            name = field_name(question["id"])
            if conditional and not is_asked(question, sent, self.by_id):
                self.errors.pop(name, None)
                cleaned.pop(name, None)
                continue
            value = cleaned.get(name)
            if (
                conditional
                and question["required"]
                and not self.partial
                and name not in self.errors
                and value in (None, "", [])
            ):
                self.add_error(name, _("Answer this question."))
            too_many = (
                question["type"] == "multiple_choice"
                and question.get("max_choices")
                and value
                and len(value) > question["max_choices"]
            )
            if too_many:
                self.add_error(
                    name,
                    _("Select up to %(n)s options.") % {"n": question["max_choices"]},
                )
            if question.get("allow_other"):
                chose_other = value == OTHER or (isinstance(value, list) and OTHER in value)
                if chose_other and not cleaned.get(name + "_other", "").strip():
                    self.add_error(name + "_other", _("Say what “Other” is."))
        return cleaned

    def answers_given(self):
        """The answers on this form as stored (empty ones as ``None``, so a cleared
        answer replaces an earlier one)."""
        given = {}
        for question, _conditional in self.questions:
            name = field_name(question["id"])
            value = self.cleaned_data.get(name)
            given[question["id"]] = None if value in ("", []) else to_stored(question, value)
            if question.get("allow_other"):
                given[other_key(question["id"])] = (
                    self.cleaned_data.get(name + "_other", "").strip() or None
                )
        return given


class AnonymousSurveyForm(HoneypotFormMixin, forms.Form):
    """The honeypot on the last step of a survey answered without an account."""


class EqualityForm(forms.ModelForm):
    class Meta:
        model = EqualityRecord
        fields = EqualityRecord.QUESTIONS
        widgets = dict.fromkeys(EqualityRecord.QUESTIONS, forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.choices = [c for c in field.choices if c[0]]

    def answers(self):
        return {name: self.cleaned_data.get(name) or "" for name in EqualityRecord.QUESTIONS}


class EntryDetailsForm(forms.Form):
    """How a convenor-entered response came in."""

    channel = forms.ChoiceField(
        label=gettext_lazy("How did this response come in?"),
        choices=[
            c for c in SurveyResponse.Channel.choices if c[0] != SurveyResponse.Channel.ONLINE
        ],
        widget=forms.RadioSelect,
    )
    workshop = forms.CharField(
        label=gettext_lazy("Workshop"),
        required=False,
        max_length=120,
        help_text=gettext_lazy("For a workshop response: which workshop (name and date)."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("channel") == SurveyResponse.Channel.WORKSHOP
            and not cleaned.get("workshop", "").strip()
        ):
            self.add_error("workshop", _("Say which workshop."))
        if cleaned.get("channel") != SurveyResponse.Channel.WORKSHOP:
            cleaned["workshop"] = ""
        return cleaned
