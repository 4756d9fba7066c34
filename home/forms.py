"""Site-wide form rendering (settings.FORM_RENDERER).

Every form on the site renders through templates/django/forms/ and this renderer, so
the accessible markup is decided once: labels without a trailing colon, help text and
errors tied to their field with ``aria-describedby`` (Django does that), and the field
template showing errors for single fields and for groups (radios, checkboxes) alike.
"""

from django.forms.boundfield import BoundField as DjangoBoundField
from django.forms.renderers import TemplatesSetting


class BoundField(DjangoBoundField):
    """A bound field whose ``<label>`` and ``<legend>`` carry no suffix (no colon)."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        if label_suffix is None and self.field.label_suffix is None:
            label_suffix = ""
        return super().label_tag(contents, attrs, label_suffix, tag)


class FormRenderer(TemplatesSetting):
    """Project templates first (templates/django/forms/), then Django's own."""

    bound_field_class = BoundField
