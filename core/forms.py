"""Forms everywhere: the site-wide renderer (settings.FORM_RENDERER) and running a
form's service.

Every form on the site renders through templates/django/forms/ and this renderer, so
the accessible markup is decided once: labels without a trailing colon, help text and
errors tied to their field with ``aria-describedby`` (Django does that), and the field
template showing errors for single fields and for groups (radios, checkboxes) alike.
"""

import datetime
import re
from contextlib import contextmanager

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField as DjangoBoundField
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt, from_current_timezone
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from core.exceptions import ActionRefused


class BoundField(DjangoBoundField):
    """A bound field whose ``<label>`` and ``<legend>`` carry no suffix (no colon)."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        if label_suffix is None and self.field.label_suffix is None:
            label_suffix = ""
        return super().label_tag(contents, attrs, label_suffix, tag)


class FormRenderer(TemplatesSetting):
    """Project templates first (templates/django/forms/), then Django's own; lists of
    radios and checkboxes built in Python (:func:`render_choice_list`)."""

    bound_field_class = BoundField

    def render(self, template_name, context, request=None):
        if template_name in CHOICE_LIST_TEMPLATES:
            html = render_choice_list(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request)


#: Django's templates for a list of radios or checkboxes (the project overrides none).
CHOICE_LIST_TEMPLATES = {
    "django/forms/widgets/radio.html",
    "django/forms/widgets/checkbox_select.html",
}
#: Each option template with what its file's last line break adds after the option.
_OPTION_TEMPLATES = {
    "django/forms/widgets/radio_option.html": "\n\n",
    "django/forms/widgets/checkbox_option.html": "\n\n",
    "django/forms/widgets/input_option.html": "\n",
}


def _attributes(attrs) -> str:
    # As django/forms/widgets/attrs.html: ``stringformat:'s'`` makes even safe text plain.
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option) -> str:
    value = option["value"]
    kind, name = conditional_escape(option["type"]), conditional_escape(option["name"])
    tag = (
        f'<input type="{kind}" name="{name}"'
        + ("" if value is None else f' value="{escape(value)}"')
        + f"{_attributes(option['attrs'])}>\n"
    )
    ending = _OPTION_TEMPLATES[option["template_name"]]
    if not option["wrap_label"]:
        return tag + ending
    label_for = option["attrs"].get("id")
    opening = f'<label for="{conditional_escape(label_for)}">' if label_for else "<label>"
    return f"{opening}{tag} {conditional_escape(option['label'])}</label>{ending}"


def render_choice_list(widget) -> SafeString | None:
    """The HTML of Django's ``multiple_input.html`` for a list of radios or checkboxes,
    built without a template per option: a survey question's choices, the equality
    questions and the moderation forms rendered three templates for each choice, most
    of a survey page's time. ``None`` when an option has a template of its own (then
    the templates render it). tests/core/test_forms.py checks it is the same HTML."""
    groups = widget["optgroups"]
    if any(
        option["template_name"] not in _OPTION_TEMPLATES
        for _g, opts, _i in groups
        for option in opts
    ):
        return None
    list_id, css_class = widget["attrs"].get("id"), widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{conditional_escape(list_id)}"' if list_id else "",
        f' class="{conditional_escape(css_class)}"' if css_class else "",
        ">",
    ]
    for group, options, _index in groups:
        if group:
            parts.append(f"\n  <div><label>{conditional_escape(group)}</label>")
        parts.extend(f"<div>\n    {_option(option)}</div>" for option in options)
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


@contextmanager
def service_errors_on(form):
    """Run a service for a valid form; what it refuses or finds invalid becomes the form's
    errors, in words for the person, and the rest of the block is skipped::

        with service_errors_on(form):
            services.edit_comment(request.user, comment, body=form.cleaned_data["body"])
            return redirect(comment.get_absolute_url())
        # still here: the form now has errors; render it again
    """
    try:
        yield
    except ValidationError as error:
        apply_validation_error(form, error)
    except ActionRefused as refused:
        form.add_error(None, str(refused))


def apply_validation_error(form, error):
    """Copy a service's ``ValidationError`` onto a bound form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


# Dates typed by people, GOV.UK style -------------------------------------------------


class DateInputWidget(forms.MultiWidget):
    """Day, month and year as three labelled boxes in one fieldset (the GOV.UK date
    input): people type a date they know (a birthday, a phase's close) faster and more
    accurately than they pick it, and it works without JavaScript and on any phone."""

    template_name = "django/forms/widgets/date_parts.html"
    use_fieldset = True
    part_labels = (_("Day"), _("Month"), _("Year"))
    part_sizes = ("2", "2", "4")

    def __init__(self, attrs=None):
        parts = [
            forms.TextInput(
                attrs={"inputmode": "numeric", "size": size, "class": f"date-input--{size}"}
            )
            for size in self.part_sizes
        ]
        super().__init__(parts, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                parsed = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [parsed.day, parsed.month, parsed.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(context["widget"]["subwidgets"], self.part_labels, strict=True):
            subwidget["label"] = label
        return context


class DateInputField(forms.MultiValueField):
    """A date typed as day, month and year (``DateInputWidget``). Says which part is
    missing, and refuses a date that does not exist (31 February) in words."""

    widget = DateInputWidget

    def __init__(self, *, min_year=1900, max_year=2100, **kwargs):
        self.min_year, self.max_year = min_year, max_year
        parts = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        kwargs.setdefault("require_all_fields", False)
        super().__init__(parts, **kwargs)

    def compress(self, data_list):
        day, month, year = (str(part or "").strip() for part in (data_list or ["", "", ""]))
        if not (day or month or year):
            return None
        missing = [
            str(label)
            for label, part in zip(DateInputWidget.part_labels, (day, month, year), strict=True)
            if not part
        ]
        if missing:
            raise ValidationError(
                _("The date must include a %(parts)s.")
                % {"parts": _(" and ").join(missing).lower()},
                code="incomplete",
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(
                _("Enter the date in numbers, for example 27 3 2007."), code="invalid"
            )
        if len(year) != 4:
            raise ValidationError(
                _("The year must be 4 numbers, for example 2007."), code="invalid"
            )
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(_("The date must be a real date."), code="invalid") from None
        if not (self.min_year <= value.year <= self.max_year):
            raise ValidationError(
                _("The year must be between %(min)s and %(max)s.")
                % {"min": self.min_year, "max": self.max_year},
                code="invalid",
            )
        return value


# Dates typed as text (the admin, CSV imports) ---------------------------------------

_ENGLISH_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d+)$")
_WORDED_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([^\W\d_]+)\.?,?\s+(\d+)$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_DATE_TIME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})[T ](.+)$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?\s*(am|pm)?$", re.IGNORECASE)
#: A typed date followed by a time ("20/01/2027 09:00", "1 March 2027 at 5pm").
_SPLIT_TIME = re.compile(
    r"^(.*?\d)(?:\s*(?:,|\bat\b|T|\s)\s*)"
    r"(\d{1,2}(?:[:.]\d{2})(?::\d{2})?\s*(?:am|pm)?|\d{1,2}\s*(?:am|pm))$",
    re.IGNORECASE,
)

#: Said under every typed date, and in the error when the text is not a date at all.
TYPED_DATE_EXAMPLE = _("For example, 20/01/2027 or 20 January 2027.")


def _month_number(word):
    word = word.casefold()
    for number, english in enumerate(_ENGLISH_MONTHS, start=1):
        translated = str(MONTHS[number]).casefold()
        if len(word) >= 3 and (english.startswith(word) or translated.startswith(word)):
            return number
    return None


def parse_typed_date(text):
    """The date in ``text`` as people write it in the UK: ``20/01/2027``, ``20-1-2027``,
    ``1 March 2027``, ``1 Mar 2027`` or ISO ``2027-01-20``.

    Raises ``ValidationError`` in plain words for text that is not a date, and for a
    date that does not exist (31/02/2027). Never guesses: a text that does not parse
    is an error, never today's date (the defect a date picker's "fix on blur" had)."""
    text = " ".join(str(text or "").split())
    day = month = year = None
    if match := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _NUMERIC_DATE.match(text):
        day, month = int(match[1]), int(match[2])
        year = match[3]
    elif match := _WORDED_DATE.match(text):
        day, month, year = int(match[1]), _month_number(match[2]), match[3]
        if month is None:
            raise ValidationError(
                _("“%(month)s” is not a month. %(example)s")
                % {"month": match[2], "example": TYPED_DATE_EXAMPLE},
                code="invalid",
            )
    else:
        raise ValidationError(
            _("Enter the date as day, month and year. %(example)s")
            % {"example": TYPED_DATE_EXAMPLE},
            code="invalid",
        )
    if isinstance(year, str):
        if len(year) != 4:
            raise ValidationError(
                _("The year must be 4 numbers, for example 2027."), code="invalid"
            )
        year = int(year)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("“%(text)s” is not a real date: check the day and the month.") % {"text": text},
            code="invalid",
        ) from None


def parse_typed_time(text):
    """``09:00``, ``9.30``, ``9am``, ``5:30pm`` as a ``datetime.time``, or a plain error."""
    match = _TIME.match(text.strip())
    hour = minute = None
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        if match[3]:
            if not 1 <= hour <= 12:
                hour = None
            else:
                hour = hour % 12 + (12 if match[3].lower() == "pm" else 0)
    if hour is None or not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValidationError(
            _("“%(text)s” is not a time of day: write it like 09:00 or 17:30.") % {"text": text},
            code="invalid",
        )
    return datetime.time(hour, minute)


class TypedDateInput(forms.TextInput):
    """A plain text box for a date (no picker that could rewrite what was typed). Shows
    a date as ``20/01/2027``, which ``parse_typed_date`` reads back."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return super().format_value(value)


class TypedDateTimeInput(TypedDateInput):
    """As ``TypedDateInput``, with the time after the date: ``20/01/2027 09:00``."""

    def format_value(self, value):
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime("%d/%m/%Y %H:%M")
        return super().format_value(value)


class TypedDateField(forms.DateField):
    """A date typed as text, read by ``parse_typed_date`` with its plain errors."""

    widget = TypedDateInput

    def __init__(self, **kwargs):
        kwargs.pop("input_formats", None)
        kwargs.setdefault("help_text", TYPED_DATE_EXAMPLE)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return parse_typed_date(value)


class TypedDateTimeField(forms.DateTimeField):
    """A date and an optional time typed as text (``20/01/2027 09:00``, ``1 March 2027``),
    in the site's time zone. With no time, ``default_time`` (midnight) is meant."""

    widget = TypedDateTimeInput

    def __init__(self, *, default_time=datetime.time(0, 0), **kwargs):
        self.default_time = default_time
        kwargs.pop("input_formats", None)
        kwargs.setdefault(
            "help_text", _("For example, 20/01/2027 09:00 or 20 January 2027 (midnight).")
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return from_current_timezone(value) if timezone.is_naive(value) else value
        if isinstance(value, datetime.date):
            return from_current_timezone(datetime.datetime.combine(value, self.default_time))
        text = " ".join(str(value).split())
        match = _ISO_DATE_TIME.match(text) or _SPLIT_TIME.match(text)
        if match:
            day_text, time_text = match[1], match[2]
        else:
            day_text, time_text = text, None
        day = parse_typed_date(day_text)
        at = parse_typed_time(time_text) if time_text else self.default_time
        return from_current_timezone(datetime.datetime.combine(day, at))


class _OptionsInPython:
    """A ``<select>`` whose options are written in Python rather than through a template
    each: the same markup as Django's own templates, at a fraction of the cost for long
    lists (every option of Django's widget is a template render; a list of hundreds of
    organisations was most of a page's time). Attributes and labels are escaped."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    "" if option["value"] is None else option["value"],
                    flatatt(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 (each part is format_html)


class QuickSelect(_OptionsInPython, forms.Select):
    pass


class QuickSelectMultiple(_OptionsInPython, forms.SelectMultiple):
    pass
