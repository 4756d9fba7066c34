"""The people and things the authorisation matrix is played with."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.roles import CONVENORS, MODERATORS, PARTNER_EDITORS
from tests.factories import MembershipFactory, VerifiedUserFactory
from tests.factories.commitments import make_commitment
from tests.factories.places import AreaFactory
from tests.factories.surveys import make_survey_consultation
from tests.mfa import give_totp, mark_session_mfa

ROLES = (
    "anonymous",
    "resident",
    "member",
    "org_admin",
    "partner_editor",
    "moderator",
    "convenor",
)


def make_cast(world):
    """One person per role, around ``world.organisation``, plus an author whose
    contributions the others act on."""
    cast = {"anonymous": None}
    cast["resident"] = VerifiedUserFactory(display_name="Role resident")
    cast["member"] = VerifiedUserFactory(display_name="Role member")
    cast["org_admin"] = VerifiedUserFactory(display_name="Role org admin")
    cast["partner_editor"] = VerifiedUserFactory(display_name="Role partner editor")
    cast["moderator"] = VerifiedUserFactory(display_name="Role moderator")
    cast["convenor"] = VerifiedUserFactory(display_name="Role convenor")
    org = world.organisation
    MembershipFactory(user=cast["member"], organisation=org)
    MembershipFactory(user=cast["org_admin"], organisation=org, admin=True)
    MembershipFactory(user=cast["partner_editor"], organisation=org, editor=True)
    cast["partner_editor"].groups.add(Group.objects.get_or_create(name=PARTNER_EDITORS)[0])
    cast["moderator"].groups.add(Group.objects.get_or_create(name=MODERATORS)[0])
    cast["convenor"].groups.add(Group.objects.get_or_create(name=CONVENORS)[0])
    return cast


def make_things(world):
    """A proposal, a comment, a pledge and a membership request by someone outside
    every role, to act on."""
    from consultations.models import Comment, Proposal
    from pledges.models import Pledge

    author = VerifiedUserFactory(display_name="The author")
    things = {"author": author}
    things["proposal"] = Proposal.objects.create(
        consultation=world.consultation, author=author, title="An idea", body="Its body"
    )
    things["comment"] = Comment.objects.create(
        proposal=things["proposal"], author=author, body="A comment"
    )
    things["pledge"] = Pledge.objects.create(goal=world.goal, author=author, text="We will")
    things["survey"] = make_survey_consultation(
        "A survey", survey_equality_monitoring=True, parent=world.consultation.get_parent()
    )
    things["membership_request"] = MembershipFactory(
        user=author, organisation=world.organisation, requested=True
    )
    # Led by an organisation none of the roles belongs to.
    things["commitment"] = make_commitment(world.goal, title="We will do it")
    things["area"] = AreaFactory(name="Riverside", slug="riverside")
    return things


def path_values(world, things) -> dict[str, dict]:
    """Parameter values for each URL name (keyed by the URL's name)."""
    org, goal, consultation = world.organisation, world.goal, world.consultation
    proposal, comment, pledge = things["proposal"], things["comment"], things["pledge"]
    by_org = {"slug": org.slug}
    api = {
        "organisation": org.pk,
        "goal": goal.pk,
        "consultation": consultation.pk,
        "proposal": proposal.pk,
        "comment": comment.pk,
        "pledge": pledge.pk,
        "commitment": things["commitment"].pk,
        "survey-result": things["survey"].pk,
        "area": things["area"].pk,
    }
    return {
        **{f"api:{name}-detail": {"pk": pk} for name, pk in api.items()},
        "organisations:detail": by_org,
        "organisations:join": by_org,
        "organisations:leave": by_org,
        "organisations:visibility": by_org,
        "organisations:members": by_org,
        "organisations:member_action": {**by_org, "pk": things["membership_request"].pk},
        "pledges:goal": {"slug": goal.slug},
        "pledges:new": {"slug": goal.slug},
        "pledges:organisation": by_org,
        "pledges:detail": {"pk": pledge.pk},
        "pledges:update": {"pk": pledge.pk},
        "pledges:reopen": {"pk": pledge.pk},
        "pledges:join": {"pk": pledge.pk},
        "pledges:leave": {"pk": pledge.pk},
        **{
            f"commitments:{name}": {"pk": things["commitment"].pk}
            for name in ("detail", "edit", "update", "accept")
        },
        "consultations:proposals": {"consultation_id": consultation.pk},
        "consultations:propose": {"consultation_id": consultation.pk},
        "consultations:follow": {"consultation_id": consultation.pk},
        "consultations:unfollow": {"consultation_id": consultation.pk},
        "consultations:proposal": {"pk": proposal.pk},
        "consultations:edit_proposal": {"pk": proposal.pk},
        "consultations:withdraw_proposal": {"pk": proposal.pk},
        "consultations:support": {"pk": proposal.pk},
        "consultations:unsupport": {"pk": proposal.pk},
        "consultations:comment": {"pk": proposal.pk},
        "consultations:report_proposal": {"pk": proposal.pk},
        "consultations:edit_comment": {"pk": comment.pk},
        "consultations:report_comment": {"pk": comment.pk},
        "consultations:reply": {"pk": comment.pk},
        "consultations:comment_link": {"pk": comment.pk},
        "places:detail": {"slug": things["area"].slug},
        "consultations:unsubscribe": {"token": "not-a-token"},
        **{
            f"consultations:{name}": {"consultation_id": things["survey"].pk}
            for name in (
                "survey",
                "survey_equality",
                "survey_check",
                "survey_done",
                "survey_print",
                "survey_public_results",
            )
        },
        "consultations:survey_section": {"consultation_id": things["survey"].pk, "number": 1},
    }


def outcome(response) -> str:
    """What happened, in the matrix's words."""
    code = response.status_code
    if code in (301, 302, 303):
        location = response["Location"]
        login = reverse(settings.LOGIN_URL)
        return "login" if location.startswith(login) else "ok"
    if code == 403:
        return "deny"
    if code >= 500:
        return f"error {code}"
    if code in (200, 201, 204):
        return "ok"
    return str(code)


def client_for(user, second_factor=True) -> Client:
    """A client signed in as ``user``. Staff sign in with their second factor (their
    powers need it, core/security.py); ``second_factor=False`` signs them in with the
    password alone."""
    client = Client()
    if user is not None:
        client.force_login(user)
        if second_factor and user.groups.exists():
            from allauth.mfa.models import Authenticator

            if not Authenticator.objects.filter(user=user, type="totp").exists():
                give_totp(user)
            mark_session_mfa(client, user)
    return client
