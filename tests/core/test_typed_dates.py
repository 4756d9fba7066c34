"""Dates people type (#13): ``20/01/2027`` and ``1 March 2027`` are read as those dates,
``31/02/2027`` is an error in words, and nothing ever becomes "now" — in the admin (a
consultation's phases, indicators and their figures, trials), on the public forms
(pledges, commitments) and in the indicator import."""

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.widgets import AdminDateTimeInput

from consultations.models import ConsultationPage
from core.forms import TypedDateField, TypedDateTimeField
from goals.models import Indicator, TrialPage
from pledges.models import Pledge
from tests.factories.pledges import make_goal

TYPED = [
    ("20/01/2027", datetime.date(2027, 1, 20)),
    ("1 March 2027", datetime.date(2027, 3, 1)),
    ("31/02/2027", None),  # no such day: an error, never a guess
]


def _local(day, hour=0, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.mark.parametrize(("text", "expected"), TYPED)
def test_a_typed_date_is_that_date_or_an_error_in_words(text, expected):
    field = TypedDateField()
    if expected is None:
        with pytest.raises(Exception) as error:
            field.clean(text)
        assert error.value.messages == [
            "“31/02/2027” is not a real date: check the day and the month."
        ]
    else:
        assert field.clean(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20/01/2027 09:30", _local(datetime.date(2027, 1, 20), 9, 30)),
        ("1 March 2027 at 5pm", _local(datetime.date(2027, 3, 1), 17)),
        ("2027-01-20 09:30", _local(datetime.date(2027, 1, 20), 9, 30)),
    ],
)
def test_a_typed_time_follows_the_date(text, expected):
    assert TypedDateTimeField().clean(text) == expected


@pytest.mark.parametrize("text", ["next tuesday", "20/01/27", "20/01/2027 25:00", "31 Smarch 2027"])
def test_text_that_is_not_a_date_is_refused_in_words(text):
    with pytest.raises(Exception) as error:
        TypedDateTimeField().clean(text)
    (message,) = error.value.messages
    assert "20" in message or "year" in message or "time" in message or "month" in message


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "expected"), TYPED)
def test_a_consultation_phase_typed_in_the_admin(text, expected):
    """The phase form the page editor really builds: a text box (not Wagtail's picker,
    which replaced unreadable text with the current time) and the typed date."""
    form_class = ConsultationPage.get_edit_handler().get_form_class()
    phase_form_class = form_class.formsets["phases"].form
    assert not isinstance(phase_form_class.base_fields["starts_at"].widget, AdminDateTimeInput)
    form = phase_form_class(data={"action": "propose", "starts_at": text, "ends_at": "1/1/2099"})
    if expected is None:
        assert not form.is_valid()
        assert "not a real date" in form.errors["starts_at"][0]
    else:
        assert form.is_valid(), form.errors
        assert form.cleaned_data["starts_at"] == _local(expected)
    html = str(form["starts_at"])
    assert 'type="text"' in html


@pytest.mark.django_db
def test_a_saved_phase_shows_again_as_typed_and_reads_back_the_same():
    phase_form_class = ConsultationPage.get_edit_handler().get_form_class().formsets["phases"].form
    opens = _local(datetime.date(2027, 1, 20), 9, 30)
    shown = phase_form_class(initial={"starts_at": opens})["starts_at"].value()
    assert (
        phase_form_class.base_fields["starts_at"].widget.format_value(shown) == "20/01/2027 09:30"
    )
    assert TypedDateTimeField().clean("20/01/2027 09:30") == opens


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "expected"), TYPED)
def test_indicator_figures_and_trials_typed_in_the_admin(text, expected):
    value_form_class = Indicator.snippet_viewset.get_edit_handler().get_form_class()
    value_form_class = value_form_class.formsets["values"].form
    trial_form_class = TrialPage.get_edit_handler().get_form_class()
    value_form = value_form_class(data={"date": text, "value": "3"})
    trial_form = trial_form_class.base_fields["started_on"]
    if expected is None:
        assert not value_form.is_valid()
        assert "not a real date" in value_form.errors["date"][0]
        with pytest.raises(Exception, match="not a real date"):
            trial_form.clean(text)
    else:
        assert value_form.is_valid(), value_form.errors
        assert value_form.cleaned_data["date"] == expected
        assert trial_form.clean(text) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "expected"), TYPED)
def test_a_pledge_due_date_typed_on_the_public_form(client, home_page, resident, text, expected):
    goal = make_goal()
    client.force_login(resident)
    typed = text.replace("2027", "2099")
    response = client.post(
        reverse("pledges:new", kwargs={"slug": goal.slug}),
        {"text": "I will plant ten trees.", "show_name": "yes", "due_date": typed},
    )
    if expected is None:
        assert response.status_code == 200
        assert "not a real date" in response.content.decode()
        assert not Pledge.objects.exists()
    else:
        assert response.status_code == 302
        assert Pledge.objects.get().due_date == expected.replace(year=2099)


@pytest.mark.django_db
def test_the_consultation_editor_shows_the_phases_as_typed_dates(client, home_page, superuser):
    """The real edit view (with Wagtail's publishing schedule too) renders the text boxes."""
    from tests.factories import make_consultation
    from tests.mfa import sign_in_to_admin

    opens = _local(datetime.date(2027, 1, 20), 9, 30)
    consultation = make_consultation(
        phases={"propose": (opens, opens + datetime.timedelta(days=30))}
    )
    sign_in_to_admin(client, superuser)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[consultation.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="20/01/2027 09:30"' in html
    assert 'value="19/02/2027 09:30"' in html


class _FormFields(HTMLParser):
    """The values a browser would send from the page's edit form (inputs, selects,
    textareas), to post back with a few changed."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea, self._in_form = [], None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "page-edit-form":
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.data.append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None
        elif tag == "form":
            self._in_form = False


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "expected"), TYPED)
def test_a_phase_typed_in_the_editor_is_saved_as_typed_or_refused(
    client, home_page, superuser, text, expected
):
    """Through Wagtail's own edit view: the phase opens when typed, or the editor shows
    the error and nothing changes. Never "now"."""
    from tests.factories import make_consultation
    from tests.mfa import sign_in_to_admin

    opens = _local(datetime.date(2027, 1, 10), 9, 0)
    consultation = make_consultation(
        phases={"propose": (opens, opens + datetime.timedelta(days=300))}
    )
    sign_in_to_admin(client, superuser)
    url = reverse("wagtailadmin_pages:edit", args=[consultation.pk])
    fields = _FormFields()
    fields.feed(client.get(url).content.decode())
    data = {}
    for name, value in fields.data:
        data.setdefault(name, []).append(value)
    (start_field,) = [
        n
        for n in data
        if n.startswith("phases-") and n.endswith("-starts_at") and "__prefix__" not in n
    ]
    data[start_field] = [text]
    data.setdefault("survey-count", ["0"])  # an empty StreamField (drawn by script)
    response = client.post(url, data)
    phase = consultation.phases.get()
    if expected is None:
        assert response.status_code == 200
        assert "not a real date" in response.content.decode()
        assert phase.starts_at == opens
    else:
        assert response.status_code == 302, response.content.decode()[:2000]
        consultation.refresh_from_db()
        saved = consultation.get_latest_revision_as_object().phases.get()
        assert saved.starts_at == _local(expected)
