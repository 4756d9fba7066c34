"""Download my data and delete my account (UK GDPR rights of access and erasure)."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.privacy import delete_account, deletion_blocked_by, export_user_data
from core.exceptions import ActionRefused
from core.models import AuditEvent
from tests.factories import MembershipFactory, VerifiedUserFactory
from tests.security.conftest import give_everything, join

pytestmark = pytest.mark.django_db

EVERY_KIND = [
    "email_addresses",
    "memberships",
    "proposals",
    "supports",
    "comments",
    "reports",
    "pledges",
    "pledge_joins",
    "pledge_updates",
    "follows",
    "two_factor_authentication",
]


@pytest.fixture
def two_people(world):
    me = VerifiedUserFactory(display_name="Mina Mine")
    other = VerifiedUserFactory(display_name="Otto Other")
    mine = give_everything(me, world, "MINE")
    theirs = give_everything(other, world, "THEIRS")
    # Each joins the other's pledge and supports the other's proposal.
    join(me, theirs["pledge"])
    join(other, mine["pledge"])
    from consultations.models import Support

    Support.objects.create(user=me, proposal=theirs["proposal"])
    Support.objects.create(user=other, proposal=mine["proposal"])
    return me, other, mine, theirs


def download(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response.get("Cache-Control", "") or "max-age=0" in response.get(
        "Cache-Control", ""
    )
    return response.content.decode(), json.loads(response.content)


def test_the_export_holds_every_kind_of_my_data(client, two_people):
    me, _other, mine, theirs = two_people
    _raw, data = download(client, me)
    assert data["account"]["email"] == me.email
    assert data["account"]["display_name"] == "Mina Mine"
    assert data["account"]["area"] == "Area MINE"
    assert {"email_on_response", "email_on_phase", "email_digest"} <= set(data["account"])
    for kind in EVERY_KIND:
        assert data[kind], f"the export has no {kind}"
    assert [e["email"] for e in data["email_addresses"]] == [me.email]
    assert [m["organisation"] for m in data["memberships"]] == [mine["membership"].organisation_id]
    assert [p["title"] for p in data["proposals"]] == ["Proposal MINE"]
    assert data["proposals"][0]["body"] == "Body MINE"
    assert sorted(s["proposal"] for s in data["supports"]) == sorted(
        [mine["proposal"].pk, theirs["proposal"].pk]
    )
    assert [c["body"] for c in data["comments"]] == ["Comment MINE"]
    assert [r["note"] for r in data["reports"]] == ["Report note MINE"]
    assert [p["text"] for p in data["pledges"]] == ["Pledge MINE"]
    assert [j["pledge"] for j in data["pledge_joins"]] == [theirs["pledge"].pk]
    assert [u["text"] for u in data["pledge_updates"]] == ["Update MINE"]
    assert [f["page"] for f in data["follows"]] == [mine["follow"].page_id]
    assert data["two_factor_authentication"][0]["type"] == "totp"


def test_the_export_holds_nothing_of_anyone_else(client, two_people):
    me, other, mine, _theirs = two_people
    raw, _data = download(client, me)
    for secret in ("THEIRS", other.email, "Otto Other", other.password):
        assert secret not in raw
    assert me.password not in raw  # not even my own password hash
    assert mine["authenticator"].data["secret"] not in raw
    assert '"secret"' not in raw


def test_the_export_needs_a_signed_in_person(client):
    response = client.get(reverse("accounts:data"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def delete_via_form(client, user, password):
    client.force_login(user)
    assert client.get(reverse("accounts:delete")).status_code == 200
    return client.post(reverse("accounts:delete"), {"password": password, "confirm": "on"})


def test_deleting_needs_the_password(client, resident):
    client.force_login(resident)
    response = client.post(reverse("accounts:delete"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    resident.refresh_from_db()
    assert resident.anonymised_at is None


def test_deleting_anonymises_and_keeps_the_public_record(client, two_people, password):
    from consultations.models import Comment, Proposal, Support
    from organisations.models import Membership
    from pledges.models import Pledge, PledgeJoin

    me, other, _mine, _theirs = two_people
    old_email = me.email
    counts_before = {
        "supports": Support.objects.count(),
        "joins": PledgeJoin.objects.count(),
        "support_count": list(Proposal.objects.order_by("pk").values_list("support_count")),
        "join_count": list(Pledge.objects.order_by("pk").values_list("join_count")),
        "proposals": Proposal.objects.count(),
        "comments": Comment.objects.count(),
    }
    response = delete_via_form(client, me, password)
    assert response.status_code == 200
    assert "Your account has been deleted" in response.content.decode()

    me.refresh_from_db()
    assert me.anonymised_at is not None
    assert me.public_name == "a former participant"
    assert me.email != old_email and me.email.endswith(".invalid")
    assert me.display_name == "" and me.area is None
    assert not me.has_usable_password()
    assert not me.is_active
    assert not EmailAddress.objects.filter(user=me).exists()
    assert not EmailAddress.objects.filter(email__iexact=old_email).exists()
    assert not Authenticator.objects.filter(user=me).exists()
    assert not Membership.objects.filter(user=me).exists()
    assert not me.follows.exists()
    counts_after = {
        "supports": Support.objects.count(),
        "joins": PledgeJoin.objects.count(),
        "support_count": list(Proposal.objects.order_by("pk").values_list("support_count")),
        "join_count": list(Pledge.objects.order_by("pk").values_list("join_count")),
        "proposals": Proposal.objects.count(),
        "comments": Comment.objects.count(),
    }
    assert counts_after == counts_before
    # The other person is untouched.
    other.refresh_from_db()
    assert other.anonymised_at is None and other.display_name == "Otto Other"

    # The session is over and the person cannot sign in again.
    assert client.get(reverse("accounts:profile")).status_code == 302
    response = client.post(reverse("account_login"), {"login": old_email, "password": password})
    assert "_auth_user_id" not in client.session

    # The audit trail records it, without personal data.
    event = AuditEvent.objects.get(action="account.deleted")
    assert event.target_id == str(me.pk)
    assert old_email not in json.dumps(event.detail) and "Mina" not in json.dumps(event.detail)


def test_deleting_twice_is_harmless(resident):
    assert delete_account(resident) is True
    assert delete_account(resident) is False
    assert AuditEvent.objects.filter(action="account.deleted").count() == 1


def test_the_last_admin_of_an_organisation_must_hand_over_first(client, world, password):
    admin = MembershipFactory(organisation=world.organisation, admin=True).user
    client.force_login(admin)
    page = client.get(reverse("accounts:delete")).content.decode()
    assert "Hand over first" in page and "Lowbridge Tenants" in page
    response = client.post(reverse("accounts:delete"), {"password": password, "confirm": "on"})
    assert response.status_code == 200
    assert "You are the only admin of Lowbridge Tenants" in response.content.decode()
    admin.refresh_from_db()
    assert admin.anonymised_at is None

    # With a second admin they may go.
    MembershipFactory(organisation=world.organisation, admin=True)
    delete_account(admin)
    admin.refresh_from_db()
    assert admin.anonymised_at is not None


def test_the_service_refuses_with_the_organisations_named(world):
    admin = MembershipFactory(organisation=world.organisation, admin=True).user
    with pytest.raises(ActionRefused) as refused:
        delete_account(admin)
    assert world.organisation.name in str(refused.value)
    assert [blocker.items for blocker in deletion_blocked_by(admin)] == [(world.organisation,)]


def test_export_after_deletion_holds_no_personal_data(resident):
    email = resident.email
    delete_account(resident)
    resident.refresh_from_db()
    data = json.dumps(export_user_data(resident), default=str)
    assert email not in data


def test_the_account_page_links_to_both_rights(client, resident):
    client.force_login(resident)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:data") in html and reverse("accounts:delete") in html


def test_deleting_ends_every_session_of_the_person(resident, password):
    from django.test import Client

    phone, laptop = Client(), Client()
    assert phone.login(email=resident.email, password=password)
    laptop.force_login(resident)
    assert laptop.get(reverse("accounts:profile")).status_code == 200
    phone.post(reverse("accounts:delete"), {"password": password, "confirm": "on"})
    response = laptop.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
