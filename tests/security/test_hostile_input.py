"""No input gives a 500: every URL pattern, every parameter the views read, hostile values.

The penetration test found ``DataError`` from a NUL byte in text filters and
``ValueError`` from Unicode digits (``²`` passes ``str.isdigit`` but not ``int``). Every
query parameter is now parsed by one validated path (FilterSets, forms, ``core.params``),
so a bad value is ignored or answered 400. The walk below covers every URL pattern of
the project, every page of a small world and the admin's own lists, anonymous and
signed in.
"""

import pytest
from django.test import Client
from django.urls import reverse

from consultations.filters import ProposalFilter
from goals.filters import GoalFilter
from organisations.filters import OrganisationFilter
from pledges.filters import PledgeWallFilter
from tests.mfa import sign_in_to_admin
from tests.security.matrix import make_cast, make_things, path_values
from tests.security.urlwalk import project_urls, sample_path

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00",
    "a\x00b",
    "²",
    "١٢",  # Arabic-Indic digits: also str.isdigit()
    "9" * 40,
    "-1",
    "x" * 10_000,
]

# The parameters the views read beyond their FilterSets (the FilterSets' own are added).
READ_BY_VIEWS = {"q", "type", "page", "p", "goal", "from", "made_from", "action", "next"}
PARAMS = sorted(
    READ_BY_VIEWS
    | set(GoalFilter.base_filters)
    | set(OrganisationFilter.base_filters)
    | set(ProposalFilter.base_filters)
    | set(PledgeWallFilter.base_filters)
)

# The issue's own examples, each of which raised a 500.
REPORTED = [
    "/take-part/ideas/?organisation=%00",
    "/search/?q=%00",
    "/organisations/?q=%00",
    "/goals/?theme=%00",
    "/goals/?organisation=%00",
    "/take-part/ideas/?goal=%C2%B2",
    "/pledges/?goal=%C2%B2",
]


@pytest.fixture
def scene(world):
    things = make_things(world)
    return world, make_cast(world), things, path_values(world, things)


def paths(scene):
    world, _cast, _things, values = scene
    found = []
    for url in project_urls():
        path = sample_path(url, values.get(url.name, {}))
        if path and "unsubscribe" not in path:
            found.append(path)
    found += [world.goal.url, world.goal_index.url, world.consultation.url, "/"]
    return found


def server_errors(client, path, method="get"):
    errors = []
    for value in HOSTILE:
        response = getattr(client, method)(path, dict.fromkeys(PARAMS, value))
        if response.status_code >= 500:
            errors.append((method, path, "all", value[:12], response.status_code))
    return errors


@pytest.mark.parametrize("path", REPORTED)
def test_the_reported_examples_answer_without_a_server_error(client, world, path):
    assert client.get(path).status_code < 500


def test_make_pledge_with_unicode_digits_in_from_and_made_from(client, scene):
    world, cast, _things, _values = scene
    client.force_login(cast["resident"])
    url = reverse("pledges:new", kwargs={"slug": world.goal.slug})
    assert client.get(url, {"from": "²"}).status_code == 200
    response = client.post(url, {"made_from": "²", "text": "We will plant ten trees"})
    assert response.status_code < 500


def test_the_audit_trail_ignores_a_nul_byte(client, superuser):
    sign_in_to_admin(client, superuser)
    for value in HOSTILE:
        response = client.get(reverse("accounts_audit_trail"), {"action": value, "type": value})
        assert response.status_code == 200, value[:12]


def test_every_url_with_every_parameter_alone_anonymous(scene):
    client = Client()
    errors = []
    for path in paths(scene):
        for name in PARAMS:
            for value in ("\x00", "²"):
                response = client.get(path, {name: value})
                if response.status_code >= 500:
                    errors.append((path, name, value, response.status_code))
    assert errors == []


def test_every_url_with_hostile_values_anonymous_and_signed_in(scene):
    _world, cast, _things, _values = scene
    anonymous, resident = Client(), Client()
    resident.force_login(cast["resident"])
    convenor = Client()
    sign_in_to_admin(convenor, cast["convenor"])
    errors = []
    for path in paths(scene):
        errors += server_errors(anonymous, path)
        errors += server_errors(resident, path)
        errors += server_errors(resident, path, "post")
        errors += server_errors(convenor, path)
    assert errors == []
