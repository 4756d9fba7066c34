"""Form rendering for the whole site (templates/django/forms/, home.forms.FormRenderer):
labels without colons, errors for single fields and for groups, an error summary that
links to each field."""

import pytest
from django import forms
from django.template import Context, Template


class ExampleForm(forms.Form):
    name = forms.CharField(label="Your name", help_text="As others will see it.")
    nickname = forms.CharField(label="Nickname", required=False)
    reason = forms.ChoiceField(
        label="Why are you reporting this?",
        choices=[("spam", "Spam"), ("abusive", "Abusive")],
        widget=forms.RadioSelect,
    )
    topics = forms.MultipleChoiceField(
        label="Topics",
        choices=[("air", "Air"), ("bus", "Buses")],
        widget=forms.CheckboxSelectMultiple,
    )
    agree = forms.BooleanField(label="I agree to the rules")


def render(form) -> str:
    return Template('{% include "includes/error_summary.html" %}{{ form }}').render(
        Context({"form": form})
    )


def test_labels_have_no_colon_and_optional_fields_say_so():
    html = render(ExampleForm())
    assert '<label for="id_name">Your name</label>' in html
    assert "Your name:" not in html
    assert ExampleForm()["name"].label_tag() == '<label for="id_name">Your name</label>'
    assert '<label for="id_nickname">Nickname <span class="optional">(optional)</span>' in html
    assert 'aria-describedby="id_name_helptext"' in html
    assert 'class="error-summary"' not in html


def test_groups_are_fieldsets_with_their_errors():
    html = render(ExampleForm(data={}))
    # Radios and checkboxes: a fieldset with a legend, the error inside it and tied to it.
    for name, legend in (("reason", "Why are you reporting this?"), ("topics", "Topics")):
        assert f'aria-describedby="id_{name}_error"' in html
        assert f"<legend>{legend}</legend>" in html
        assert f'<ul class="errorlist" id="id_{name}_error">' in html
    assert html.count("<fieldset") == 2


def test_the_error_summary_links_to_every_field_with_an_error():
    html = render(ExampleForm(data={"nickname": "x"}))
    assert '<h2 id="error-summary-title">There is a problem</h2>' in html
    assert '<a href="#id_name">Your name: This field is required.</a>' in html
    # For a group, the link goes to its first option.
    assert '<a href="#id_reason_0">Why are you reporting this?: This field is required.</a>' in html
    assert '<a href="#id_topics_0">' in html
    assert '<a href="#id_agree">' in html
    assert 'id="id_reason_0"' in html and 'id="id_topics_0"' in html
    # Each invalid input says so, and points at its message.
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html


def test_errors_are_announced_in_words_not_by_colour_alone():
    html = render(ExampleForm(data={}))
    assert '<span class="visually-hidden">Error: </span>This field is required.' in html


@pytest.mark.django_db
def test_a_real_form_page_uses_it(client):
    response = client.post("/accounts/login/", {"login": "", "password": ""})
    html = response.content.decode()
    assert '<label for="id_login">Email address</label>' in html
    assert 'href="#id_login"' in html
