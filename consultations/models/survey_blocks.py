"""The question blocks a convenor builds a survey from, in the Wagtail admin.

A survey is a StreamField of *sections* (one page each for the respondent); a section
holds a stream of *questions*. A question is known by its StreamField block id, which
survives rewording and reordering, so answers stay attached to it across versions
(``SurveyVersion``). ``question_definitions`` turns the stream into plain data — the
form, the check page, the results and the CSV all read that, never the blocks.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

MAX_RANKED = 7
CHOICE_TYPES = ("single_choice", "multiple_choice")
TEXT_TYPES = ("short_text", "long_text")


class QuestionBlock(blocks.StructBlock):
    """What every question has: its wording, a hint, whether it must be answered,
    whether it is closed (no longer asked, its answers kept) and an optional show-if."""

    question = blocks.CharBlock(label=_("Question"), max_length=300)
    hint = blocks.CharBlock(label=_("Hint"), required=False, max_length=500)
    required = blocks.BooleanBlock(label=_("An answer is required"), required=False)
    closed = blocks.BooleanBlock(
        label=_("Closed"),
        required=False,
        help_text=_("No longer asked; the answers it has are kept. Use this instead of deleting."),
    )
    show_if_question = blocks.CharBlock(
        label=_("Show only if the answer to"),
        required=False,
        help_text=_("The exact wording of an earlier choice question."),
    )
    show_if_answer = blocks.CharBlock(
        label=_("is"), required=False, help_text=_("One of that question's options.")
    )

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("show_if_question")) != bool(value.get("show_if_answer")):
            raise StructBlockValidationError(
                block_errors={
                    "show_if_answer": ValidationError(
                        _("Give both the earlier question and the answer, or neither.")
                    )
                }
            )
        return value

    def definition(self, value):
        return {
            "label": value["question"],
            "hint": value.get("hint") or "",
            "required": bool(value.get("required")),
            "closed": bool(value.get("closed")),
            "show_if_question": value.get("show_if_question") or "",
            "show_if_answer": value.get("show_if_answer") or "",
        }


class ShortTextBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(
        label=_("Longest answer"), default=200, min_value=1, max_value=500
    )

    def definition(self, value):
        return {**super().definition(value), "max_length": value.get("max_length") or 200}

    class Meta:
        icon = "pilcrow"
        label = _("Short text")


class LongTextBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(
        label=_("Longest answer"), default=3000, min_value=1, max_value=10000
    )

    def definition(self, value):
        return {**super().definition(value), "max_length": value.get("max_length") or 3000}

    class Meta:
        icon = "doc-full"
        label = _("Long text")


class _OptionsBlock(QuestionBlock):
    options = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("Options"), min_num=2)

    def clean(self, value):
        value = super().clean(value)
        options = [option.strip() for option in value["options"]]
        if len(set(options)) != len(options):
            raise StructBlockValidationError(
                block_errors={"options": ValidationError(_("Each option must be different."))}
            )
        return value

    def definition(self, value):
        return {**super().definition(value), "options": [o.strip() for o in value["options"]]}


class SingleChoiceBlock(_OptionsBlock):
    allow_other = blocks.BooleanBlock(label=_("Offer “Other, please specify”"), required=False)

    def definition(self, value):
        return {**super().definition(value), "allow_other": bool(value.get("allow_other"))}

    class Meta:
        icon = "radio-full"
        label = _("Single choice")


class MultipleChoiceBlock(_OptionsBlock):
    allow_other = blocks.BooleanBlock(label=_("Offer “Other, please specify”"), required=False)
    max_choices = blocks.IntegerBlock(
        label=_("Select up to"), required=False, min_value=1, help_text=_("Empty: no limit.")
    )

    def definition(self, value):
        return {
            **super().definition(value),
            "allow_other": bool(value.get("allow_other")),
            "max_choices": value.get("max_choices") or None,
        }

    class Meta:
        icon = "tick-inverse"
        label = _("Multiple choice")


class ScaleBlock(QuestionBlock):
    points = blocks.IntegerBlock(
        label=_("Points on the scale"), default=5, min_value=2, max_value=10
    )
    low_label = blocks.CharBlock(label=_("Label of the lowest point"), max_length=60)
    high_label = blocks.CharBlock(label=_("Label of the highest point"), max_length=60)

    def definition(self, value):
        return {
            **super().definition(value),
            "points": value.get("points") or 5,
            "low_label": value["low_label"],
            "high_label": value["high_label"],
        }

    class Meta:
        icon = "order"
        label = _("Scale")


class RankingBlock(_OptionsBlock):
    options = blocks.ListBlock(
        blocks.CharBlock(max_length=200), label=_("Options"), min_num=2, max_num=MAX_RANKED
    )

    class Meta:
        icon = "list-ol"
        label = _("Ranking (up to 7 options)")


class NumberBlock(QuestionBlock):
    min_value = blocks.DecimalBlock(label=_("Smallest allowed"), required=False)
    max_value = blocks.DecimalBlock(label=_("Largest allowed"), required=False)
    whole_number = blocks.BooleanBlock(label=_("Whole numbers only"), required=False, default=True)

    def clean(self, value):
        value = super().clean(value)
        low, high = value.get("min_value"), value.get("max_value")
        if low is not None and high is not None and low > high:
            raise StructBlockValidationError(
                block_errors={"max_value": ValidationError(_("Must be at least the smallest."))}
            )
        return value

    def definition(self, value):
        low, high = value.get("min_value"), value.get("max_value")
        return {
            **super().definition(value),
            "min_value": None if low is None else str(low),
            "max_value": None if high is None else str(high),
            "whole_number": bool(value.get("whole_number")),
        }

    class Meta:
        icon = "decimal"
        label = _("Number")


class DateQuestionBlock(QuestionBlock):
    class Meta:
        icon = "date"
        label = _("Date (day, month, year)")


QUESTION_TYPES = {
    "short_text": ShortTextBlock,
    "long_text": LongTextBlock,
    "single_choice": SingleChoiceBlock,
    "multiple_choice": MultipleChoiceBlock,
    "scale": ScaleBlock,
    "ranking": RankingBlock,
    "number": NumberBlock,
    "date": DateQuestionBlock,
}


class QuestionStreamBlock(blocks.StreamBlock):
    short_text = ShortTextBlock()
    long_text = LongTextBlock()
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    scale = ScaleBlock()
    ranking = RankingBlock()
    number = NumberBlock()
    date = DateQuestionBlock()


class SectionBlock(blocks.StructBlock):
    """One page of the survey for the respondent."""

    title = blocks.CharBlock(label=_("Section title"), max_length=120)
    intro = blocks.TextBlock(label=_("Introduction"), required=False)
    questions = QuestionStreamBlock(label=_("Questions"), min_num=1)

    class Meta:
        icon = "form"
        label = _("Section")


class SurveyStreamBlock(blocks.StreamBlock):
    section = SectionBlock()


def question_definitions(stream_value):
    """The survey as plain data: ``[{"title", "intro", "questions": [{"id", "type",
    "label", …}]}]``, with show-if resolved to the earlier question's id (``show_if``).

    Raises ``ValidationError`` when a show-if names no earlier choice question or an
    option it does not have."""
    sections, choice_questions, errors = [], {}, []
    for section in stream_value or []:
        questions = []
        for child in section.value["questions"]:
            definition = {"id": child.id, "type": child.block_type}
            definition.update(child.block.definition(child.value))
            definition["show_if"] = None
            wording = definition.pop("show_if_question")
            answer = definition.pop("show_if_answer")
            if wording:
                target = choice_questions.get(wording.strip())
                if target is None:
                    errors.append(
                        _(
                            "“%(q)s” is shown only if “%(w)s” … but no earlier choice question "
                            "has that wording."
                        )
                        % {"q": definition["label"], "w": wording}
                    )
                elif answer.strip() not in target["options"]:
                    errors.append(_("“%(w)s” has no option “%(a)s”.") % {"w": wording, "a": answer})
                else:
                    definition["show_if"] = {"question": target["id"], "answer": answer.strip()}
            if definition["type"] in CHOICE_TYPES:
                choice_questions[definition["label"].strip()] = definition
            questions.append(definition)
        sections.append(
            {
                "id": section.id,
                "title": section.value["title"],
                "intro": section.value.get("intro") or "",
                "questions": questions,
            }
        )
    if errors:
        raise ValidationError(errors)
    return sections
