"""Schemathesis against the live schema: every operation, with its generated cases (at
least Hypothesis's default number of examples each, valid and invalid), answers without
a server error and as the schema says: status code, content type, headers and body.

The schema is loaded from the running application (WSGI, in process, on the test
database, with the test data in place) inside each test, never at import. Each operation
is its own test, named from the one list of resources; a resource added there is fuzzed
without a change here. (``schemathesis.pytest.from_fixture`` would do the loading for
us, but its 4.x releases read a pytest-internal attribute that pytest 9 removed.)
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from opendata.api.resources import RESOURCES

pytestmark = pytest.mark.django_db

OPERATIONS = [
    path
    for prefix, _viewset, _basename in RESOURCES
    for path in (f"/api/v1/{prefix}/", f"/api/v1/{prefix}/{{id}}/")
]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(api_world, settings):
    settings.API_RATE_LIMIT = (100_000, 60)  # the limit has its own test
    # As Django's test client does: a request ending must not close the connection that
    # holds the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("path", OPERATIONS)
def test_every_operation_conforms_to_the_schema(api_schema, path, mode):
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        database=None,  # nothing written outside the test database
        deadline=None,  # two shared cores: timing is the benchmark's job
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    def run(case):
        case.call_and_validate(checks=CHECKS)

    run()
