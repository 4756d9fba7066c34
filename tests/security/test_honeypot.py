"""The honeypot field: people never see or fill it; a bot that fills it is refused."""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def signup(client, **extra):
    data = {
        "email": "new.person@example.org",
        "display_name": "New Person",
        "password1": "a long and unusual passphrase 42",
        "password2": "a long and unusual passphrase 42",
        **extra,
    }
    return client.post(reverse("account_signup"), data)


def test_sign_up_form_has_a_hidden_honeypot(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert 'name="website_url"' in html
    assert "hp-field" in html and 'aria-hidden="true"' in html
    assert 'tabindex="-1"' in html and 'autocomplete="off"' in html


def test_a_bot_filling_the_honeypot_cannot_sign_up(client):
    response = signup(client, website_url="http://spam.example")
    assert response.status_code == 200
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_a_person_leaving_it_empty_signs_up(client):
    signup(client)
    assert User.objects.filter(email="new.person@example.org").exists()


@pytest.mark.parametrize(
    "name,kwargs_of,data",
    [
        (
            "consultations:propose",
            lambda w, t: {"consultation_id": w.consultation.pk},
            {"title": "Plant more trees", "body": "Along the ring road, please."},
        ),
        (
            "consultations:comment",
            lambda w, t: {"pk": t["proposal"].pk},
            {"body": "Good idea, and on Station Road too."},
        ),
        (
            "pledges:new",
            lambda w, t: {"slug": w.goal.slug},
            {"text": "We will plant ten trees", "show_name": "yes"},
        ),
    ],
)
def test_public_forms_refuse_a_filled_honeypot(client, world, resident, name, kwargs_of, data):
    from consultations.models import Comment, Proposal
    from pledges.models import Pledge
    from tests.security.matrix import make_things

    things = make_things(world)
    client.force_login(resident)
    url = reverse(name, kwargs=kwargs_of(world, things))
    models = (Proposal, Comment, Pledge)
    before = [m.objects.count() for m in models]
    client.post(url, {**data, "website_url": "http://spam.example"})
    assert [m.objects.count() for m in models] == before
    # Without the honeypot filled, the same form is accepted (so the refusal above was
    # the honeypot's doing).
    client.post(url, data)
    assert [m.objects.count() for m in models] != before
