"""Lists of radios and checkboxes are built in Python (core.forms.render_choice_list),
not through Django's three templates per choice: the HTML must be the same."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

from core.forms import FormRenderer


class Everything(forms.Form):
    colour = forms.ChoiceField(
        label="Colour",
        choices=[("red", "Red & <b>bold</b>"), ("blue", mark_safe("<em>Blue</em>")), ("", "None")],
        widget=forms.RadioSelect,
        help_text="Pick one",
    )
    grouped = forms.ChoiceField(
        choices=[("Warm", [("sun", "Sun"), ("fire", 'Fire "hot"')]), ("cold", "Cold")],
        widget=forms.RadioSelect(attrs={"class": "inline", "data-x": 'a"b'}),
        required=False,
    )
    days = forms.MultipleChoiceField(
        choices=[(1, "Monday"), (2, "Tuesday"), ("<3>", "Odd value")],
        widget=forms.CheckboxSelectMultiple,
    )
    unlabelled = forms.ChoiceField(
        choices=[("a", "A")], widget=forms.RadioSelect(attrs={"disabled": True, "id": False})
    )


def _both(form_class, data=None, **kwargs):
    fast = form_class(data, renderer=FormRenderer(), **kwargs)
    slow = form_class(data, renderer=TemplatesSetting(), **kwargs)
    return fast, slow


def test_each_list_is_the_html_of_djangos_templates():
    for data in (None, {"colour": "red", "grouped": "fire", "days": ["2", "<3>"]}, {"x": "1"}):
        fast, slow = _both(Everything, data)
        if data:
            fast.is_valid(), slow.is_valid()
        for name in fast.fields:
            assert fast[name].as_widget() == slow[name].as_widget(), (name, data)


def test_a_list_without_ids_and_a_prefixed_form_are_the_same_html():
    for kwargs in ({"auto_id": False}, {"prefix": "survey-1"}):
        fast, slow = _both(Everything, **kwargs)
        for name in fast.fields:
            assert fast[name].as_widget() == slow[name].as_widget(), (name, kwargs)


def test_an_option_with_its_own_template_is_left_to_the_templates():
    class OwnOption(forms.RadioSelect):
        option_template_name = "django/forms/widgets/input.html"

    class Form(forms.Form):
        choice = forms.ChoiceField(choices=[("a", "A")], widget=OwnOption)

    fast, slow = _both(Form)
    html = fast["choice"].as_widget()
    assert html == slow["choice"].as_widget()
    assert "<label" not in html  # the option's own template has no label
