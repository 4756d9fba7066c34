"""/healthz: 200 when the database answers (saying whether the cache does), 503 with the
reason when it does not."""

from unittest import mock

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_an_unreachable_database(client):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("could not connect to server")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "database: OperationalError"}


def test_healthz_answers_get_only(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_answers_a_load_balancer_in_production(client, settings):
    """Probes come over plain HTTP with the instance's address as the Host: no HTTPS
    redirect, no 400 for an unknown host."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["citygoals.lowbridge.example"]
    response = client.get("/healthz", HTTP_HOST="10.0.3.17:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "cache": "ok"}
    # Everything else still gets both protections.
    assert client.get("/", HTTP_HOST="10.0.3.17:8000").status_code == 400
    redirect = client.get("/", HTTP_HOST="citygoals.lowbridge.example")
    assert redirect.status_code == 301
    assert redirect["Location"].startswith("https://")
