"""Forms everywhere: the site-wide renderer (settings.FORM_RENDERER) and running a
form's service.

Every form on the site renders through templates/django/forms/ and this renderer, so
the accessible markup is decided once: labels without a trailing colon, help text and
errors tied to their field with ``aria-describedby`` (Django does that), and the field
template showing errors for single fields and for groups (radios, checkboxes) alike.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField as DjangoBoundField
from django.forms.renderers import TemplatesSetting

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
