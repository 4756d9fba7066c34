"""Every date and time typed in the Wagtail admin is a text box read by ``core.forms``.

Wagtail's date picker "fixed" text it could not read (``20/01/2027``, ``1 March 2027``)
by replacing it with the current time when the box lost focus, so a consultation's
phase silently opened *now*. A consultation's phases, an indicator's baseline, target
and values, a trial's dates, a goal's endorsement, publishing schedules: all are typed
as people write dates in the UK, and text that is not a real date is an error in
words, never a guess. Imported once from ``CoreConfig.ready``, before any admin form
class is built.
"""

from django.db import models
from wagtail.admin.forms.models import register_form_field_override

from core.forms import TypedDateField, TypedDateInput, TypedDateTimeField, TypedDateTimeInput

register_form_field_override(
    models.DateField,
    override={"form_class": TypedDateField, "widget": TypedDateInput},
    exact_class=True,
)
register_form_field_override(
    models.DateTimeField,
    override={"form_class": TypedDateTimeField, "widget": TypedDateTimeInput},
    exact_class=True,
)
