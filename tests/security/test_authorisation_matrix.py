"""The authorisation matrix: every URL the project defines (found by walking the URL
configuration, so a new URL fails here until it is given its row) × every role, for GET
and for POST. Each cell is exactly what that role must get.

Cells: ``ok`` (200, or a redirect that is not to the sign-in page), ``login`` (a redirect
to sign in), ``deny`` (403), or a status code. POSTs carry no data: a ``400`` cell means
the role got past every permission check to the form's validation.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.roles import CONVENORS, MODERATORS, PARTNER_EDITORS
from opendata.api.resources import RESOURCES as API_RESOURCES
from tests.mfa import give_totp, mark_session_mfa
from tests.security.matrix import ROLES, client_for, make_cast, make_things, outcome, path_values
from tests.security.urlwalk import project_urls, sample_path

pytestmark = pytest.mark.django_db

#                  anonymous resident member org_admin partner_editor moderator convenor
PUBLIC = "ok ok ok ok ok ok ok"
SIGNED_IN = "login ok ok ok ok ok ok"
NO_POST = "405 405 405 405 405 405 405"
SIGNED_IN_POST_ONLY = "login 405 405 405 405 405 405"  # GET on a POST-only signed-in view
AUTHOR_ONLY = "login deny deny deny deny deny deny"  # the author is none of the roles
ORG_MANAGERS = "login deny deny ok deny deny ok"  # the organisation's admins and convenors
FORM_REACHED = "login 400 400 400 400 400 400"
# Read-only views that do not restrict the method answer a POST like a GET: harmless
# (the CSRF check still applies and nothing changes), recorded here so a change shows.
READ_ONLY_ANY_METHOD = PUBLIC
NOT_FOUND = "404 404 404 404 404 404 404"

EXPECTED = {
    "healthz": {"get": PUBLIC, "post": NO_POST},
    "search": {"get": PUBLIC, "post": NO_POST},
    # accounts (profile: foundation; data and delete: privacy)
    "accounts:profile": {"get": SIGNED_IN, "post": SIGNED_IN},
    "accounts:data": {"get": SIGNED_IN, "post": "login 405 405 405 405 405 405"},
    "accounts:delete": {"get": SIGNED_IN, "post": SIGNED_IN},  # POST: form errors
    "accounts:whats_new": {"get": SIGNED_IN, "post": SIGNED_IN_POST_ONLY},
    "accounts:digest_unsubscribe": {"get": "400 " * 6 + "400", "post": "400 " * 6 + "400"},
    # organisations and memberships
    "organisations:index": {"get": PUBLIC, "post": READ_ONLY_ANY_METHOD},
    "organisations:mine": {"get": SIGNED_IN, "post": SIGNED_IN},
    "organisations:detail": {"get": PUBLIC, "post": READ_ONLY_ANY_METHOD},
    "organisations:join": {"get": SIGNED_IN_POST_ONLY, "post": SIGNED_IN},
    "organisations:leave": {"get": SIGNED_IN_POST_ONLY, "post": SIGNED_IN},
    "organisations:visibility": {"get": SIGNED_IN_POST_ONLY, "post": SIGNED_IN},
    "organisations:members": {"get": ORG_MANAGERS, "post": ORG_MANAGERS},
    "organisations:member_action": {"get": SIGNED_IN_POST_ONLY, "post": ORG_MANAGERS},
    # pledges
    "pledges:index": {"get": PUBLIC, "post": NO_POST},
    "pledges:mine": {"get": SIGNED_IN, "post": SIGNED_IN_POST_ONLY},
    "pledges:goal": {"get": PUBLIC, "post": NO_POST},
    "pledges:new": {"get": SIGNED_IN, "post": SIGNED_IN},
    "pledges:organisation": {"get": PUBLIC, "post": NO_POST},
    "pledges:detail": {"get": PUBLIC, "post": NO_POST},
    "pledges:update": {"get": AUTHOR_ONLY, "post": AUTHOR_ONLY},
    "pledges:reopen": {"get": SIGNED_IN_POST_ONLY, "post": AUTHOR_ONLY},
    "pledges:join": {"get": SIGNED_IN_POST_ONLY, "post": SIGNED_IN},
    "pledges:leave": {"get": SIGNED_IN_POST_ONLY, "post": SIGNED_IN},
    # commitments (the matrix's commitment is led by an organisation outside every role)
    "commitments:index": {"get": PUBLIC, "post": NO_POST},
    "commitments:new": {
        "get": "login deny deny ok ok deny ok",
        "post": "login deny deny 400 400 deny 400",
    },
    # where "What's new" was: a permanent redirect to accounts:whats_new, for everyone
    "commitments:whats_new": {"get": PUBLIC, "post": PUBLIC},
    "commitments:unsubscribe": {"get": "400 " * 6 + "400", "post": "400 " * 6 + "400"},
    "commitments:detail": {"get": PUBLIC, "post": NO_POST},
    "commitments:edit": {
        "get": "login deny deny deny deny deny ok",
        "post": "login deny deny deny deny deny 400",
    },
    "commitments:update": {
        "get": "login deny deny deny deny deny ok",
        "post": "login deny deny deny deny deny 400",
    },
    "commitments:accept": {"get": SIGNED_IN_POST_ONLY, "post": AUTHOR_ONLY},
    # open data
    "data:index": {"get": PUBLIC, "post": NO_POST},
    "data:goals_json": {"get": PUBLIC, "post": NO_POST},
    "data:goals_csv": {"get": PUBLIC, "post": NO_POST},
    "data:indicators_csv": {"get": PUBLIC, "post": NO_POST},
    "data:pledges_csv": {"get": PUBLIC, "post": NO_POST},
    "data:commitments_csv": {"get": PUBLIC, "post": NO_POST},
    # consultations
    "consultations:all_proposals": {"get": PUBLIC, "post": READ_ONLY_ANY_METHOD},
    "consultations:proposals": {"get": PUBLIC, "post": READ_ONLY_ANY_METHOD},
    "consultations:propose": {"get": SIGNED_IN, "post": FORM_REACHED},
    "consultations:follow": {"get": NO_POST.replace("405", "405"), "post": SIGNED_IN},
    "consultations:unfollow": {"get": NO_POST, "post": SIGNED_IN},
    "consultations:proposal": {"get": PUBLIC, "post": READ_ONLY_ANY_METHOD},
    "consultations:edit_proposal": {"get": AUTHOR_ONLY, "post": AUTHOR_ONLY},
    "consultations:withdraw_proposal": {"get": AUTHOR_ONLY, "post": AUTHOR_ONLY},
    "consultations:support": {"get": NO_POST, "post": SIGNED_IN},
    "consultations:unsupport": {"get": NO_POST, "post": SIGNED_IN},
    "consultations:comment": {"get": NO_POST, "post": FORM_REACHED},
    "consultations:report_proposal": {"get": SIGNED_IN, "post": FORM_REACHED},
    "consultations:edit_comment": {"get": AUTHOR_ONLY, "post": AUTHOR_ONLY},
    "consultations:report_comment": {"get": SIGNED_IN, "post": FORM_REACHED},
    # an unsigned token is refused for everyone (the signed token is the credential)
    "consultations:unsubscribe": {"get": "400 " * 6 + "400", "post": "400 " * 6 + "400"},
    "data:proposals_csv": {"get": PUBLIC, "post": NO_POST},
    # the API (read-only, no sessions: everyone is anonymous to it)
    "api:index": {"get": PUBLIC, "post": NO_POST},
    "api:schema": {"get": PUBLIC, "post": NO_POST},
    "api:docs": {"get": PUBLIC, "post": NO_POST},
    "api:root": {"get": NOT_FOUND, "post": NOT_FOUND},
    "api:not_found": {"get": NOT_FOUND, "post": NOT_FOUND},
    **{
        f"api:{basename}-{kind}": {"get": PUBLIC, "post": NO_POST}
        for _prefix, _viewset, basename in API_RESOURCES
        for kind in ("list", "detail")
    },
    "api:indicator-detail": {"get": NOT_FOUND, "post": NO_POST},  # the world has no indicator
    # the world's survey is open: its results are not published
    "api:survey-result-detail": {"get": NOT_FOUND, "post": NO_POST},
    # surveys (an open survey with equality monitoring; its results not published)
    "consultations:survey": {"get": PUBLIC, "post": READ_ONLY_ANY_METHOD},
    "consultations:survey_section": {"get": SIGNED_IN, "post": FORM_REACHED},
    "consultations:survey_equality": {"get": SIGNED_IN, "post": SIGNED_IN},
    "consultations:survey_check": {"get": SIGNED_IN, "post": FORM_REACHED},
    "consultations:survey_done": {"get": PUBLIC, "post": READ_ONLY_ANY_METHOD},
    "consultations:survey_print": {"get": PUBLIC, "post": READ_ONLY_ANY_METHOD},
    "consultations:survey_public_results": {"get": "404 " * 6 + "404", "post": "404 " * 6 + "404"},
    "data:survey_results_csv": {"get": PUBLIC, "post": NO_POST},
    # places: public reads
    "places:index": {"get": PUBLIC, "post": READ_ONLY_ANY_METHOD},
    "places:detail": {"get": PUBLIC, "post": READ_ONLY_ANY_METHOD},
    "data:areas_geojson": {"get": PUBLIC, "post": NO_POST},
    # a comment's own address and its reply page (the light proposal page)
    "consultations:comment_link": {"get": PUBLIC, "post": READ_ONLY_ANY_METHOD},
    "consultations:reply": {"get": SIGNED_IN, "post": SIGNED_IN},  # an empty reply: the form again,
}


@pytest.fixture
def scene(world):
    things = make_things(world)
    return world, make_cast(world), things, path_values(world, things)


def test_every_project_url_has_a_row():
    missing = sorted({url.name for url in project_urls()} - set(EXPECTED))
    assert missing == [], f"give these URLs a row in EXPECTED: {missing}"
    stale = sorted(set(EXPECTED) - {url.name for url in project_urls()})
    assert stale == [], f"these rows name URLs that no longer exist: {stale}"


@pytest.mark.parametrize("url", project_urls(), ids=str)
def test_each_role_gets_exactly_what_it_should(scene, url):
    if url.name not in EXPECTED:
        pytest.fail(f"{url.name} has no row in EXPECTED")
    _world, cast, _things, values = scene
    path = sample_path(url, values.get(url.name, {}))
    got, want = {}, {}
    for method in ("get", "post"):
        for role, expected in zip(ROLES, EXPECTED[url.name][method].split(), strict=True):
            response = getattr(client_for(cast[role]), method)(path)
            got[(method, role)] = outcome(response)
            want[(method, role)] = expected
    wrong = {cell: (got[cell], want[cell]) for cell in got if got[cell] != want[cell]}
    assert wrong == {}, f"{path}: (got, wanted) per (method, role)"


# The owner of a contribution may act on it -----------------------------------------


@pytest.mark.parametrize(
    "name,thing",
    [
        ("consultations:edit_proposal", "proposal"),
        ("consultations:withdraw_proposal", "proposal"),
        ("consultations:edit_comment", "comment"),
        ("pledges:update", "pledge"),
    ],
)
def test_the_author_may_act_on_their_own_contribution(scene, name, thing):
    _world, _cast, things, values = scene
    response = client_for(things["author"]).get(reverse(name, kwargs=values[name]))
    assert outcome(response) == "ok"


# An unverified person may not contribute ----------------------------------------------


CONTRIBUTING = [
    "consultations:propose",
    "consultations:comment",
    "consultations:support",
    "consultations:report_proposal",
    "pledges:new",
    "pledges:join",
    "organisations:join",
]


@pytest.mark.parametrize("name", CONTRIBUTING)
def test_an_unverified_person_cannot_contribute(scene, unverified_user, name):
    from consultations.models import Proposal, Report, Support
    from organisations.models import Membership
    from pledges.models import Pledge, PledgeJoin

    _world, _cast, _things, values = scene
    client = client_for(unverified_user)
    data = {
        "title": "A fine idea for the air",
        "body": "Plant trees along the ring road.",
        "text": "We will plant trees",
        "reason": "spam",
    }
    client.post(reverse(name, kwargs=values.get(name, {})), data)
    for model in (Proposal, Support, Report, Pledge, PledgeJoin):
        assert not model.objects.filter(
            **{"author" if hasattr(model, "author") else "user": unverified_user}
        ).exists(), model
    assert not Membership.objects.filter(user=unverified_user).exists()


# The admin -------------------------------------------------------------------------------


def admin_staff(group_name):
    from tests.factories import VerifiedUserFactory

    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = VerifiedUserFactory()
    user.groups.add(group)
    give_totp(user)
    return user


def test_the_admin_and_its_audit_trail_by_role(scene):
    _world, cast, _things, _values = scene
    staff = {
        "partner_editor": admin_staff(PARTNER_EDITORS),
        "moderator": admin_staff(MODERATORS),
        "convenor": admin_staff(CONVENORS),
    }
    admin_home = reverse("wagtailadmin_home")
    audit = reverse("accounts_audit_trail")
    for role in ROLES:
        user = staff.get(role, cast[role])
        client = client_for(user)
        if role in staff:
            mark_session_mfa(client, user)
        home = client.get(admin_home)
        trail = client.get(audit)
        if role in staff:
            assert home.status_code == 200, role
            if role == "convenor":
                assert trail.status_code == 200
            else:  # Wagtail answers PermissionDenied with a redirect to its dashboard
                assert trail.status_code == 302 and trail["Location"] == admin_home, role
        else:
            assert outcome(home) == "login", role
            assert outcome(trail) == "login", role


# Staff powers need the second factor ---------------------------------------------------


@pytest.mark.parametrize(
    "role,with_authenticator",
    [("moderator", True), ("convenor", True), ("convenor", False)],
    ids=["moderator-unused-authenticator", "convenor-unused-authenticator", "convenor-none"],
)
def test_a_staff_session_without_the_second_factor_has_a_residents_powers(
    scene, role, with_authenticator
):
    """Every project URL, GET and POST: a staff account signed in with the password only
    (an authenticator it did not use, or none at all) gets exactly what a resident
    gets."""
    _world, cast, _things, values = scene
    staff = cast[role]
    if with_authenticator:
        give_totp(staff)
    different = {}
    for url in project_urls():
        path = sample_path(url, values.get(url.name, {}))
        for method in ("get", "post"):
            as_resident = outcome(getattr(client_for(cast["resident"]), method)(path))
            as_staff = outcome(getattr(client_for(staff, second_factor=False), method)(path))
            if as_staff != as_resident:
                different[(method, url.name)] = (as_staff, as_resident)
    assert different == {}, "(staff without the second factor, resident)"
