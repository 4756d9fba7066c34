"""Forms everywhere: the site-wide renderer (settings.FORM_RENDERER) and running a
form's service.

Every form on the site renders through templates/django/forms/ and this renderer, so
the accessible markup is decided once: labels without a trailing colon, help text and
errors tied to their field with ``aria-describedby`` (Django does that), and the field
template showing errors for single fields and for groups (radios, checkboxes) alike.
"""

import datetime
from contextlib import contextmanager

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField as DjangoBoundField
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from core.exceptions import ActionRefused


class BoundField(DjangoBoundField):
    """A bound field whose ``<label>`` and ``<legend>`` carry no suffix (no colon)."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        if label_suffix is None and self.field.label_suffix is None:
            label_suffix = ""
        return super().label_tag(contents, attrs, label_suffix, tag)


class FormRenderer(TemplatesSetting):
    """Project templates first (templates/django/forms/), then Django's own."""

    bound_field_class = BoundField


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
