"""Security headers on every public page, and cookies fit for production."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from wagtail.models import Page

from tests.security.urlwalk import project_urls, sample_path

pytestmark = pytest.mark.django_db


def public_paths(world):
    paths = {"/", "/search/?q=air", "/does-not-exist/"}
    for page in Page.objects.live().public().specific():
        url = page.get_url()
        if url:
            paths.add(url)
    for url in project_urls():
        if not url.params and url.name != "healthz":
            # /healthz is the load balancer's probe, answered before any other
            # middleware (home.middleware.HealthCheckMiddleware): JSON, not a page.
            paths.add(sample_path(url))
    paths.add(world.organisation.get_absolute_url())
    return sorted(paths)


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def assert_security_headers(response, path):
    csp = directives(response)
    assert csp["script-src"] == ["'self'"], path
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["default-src"] == ["'self'"], path
    assert "'unsafe-inline'" not in csp["style-src"], path
    assert csp["style-src"][0] == "'self'", path
    assert all(s == "'self'" or s.startswith("'nonce-") for s in csp["style-src"]), path
    assert csp["frame-ancestors"] == ["'none'"], path
    assert csp["object-src"] == ["'none'"], path
    assert csp["base-uri"] == ["'self'"], path
    assert csp["form-action"] == ["'self'"], path
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", path
    assert "camera=()" in response["Permissions-Policy"], path
    assert "geolocation=()" in response["Permissions-Policy"], path
    assert response["X-Frame-Options"] == "DENY", path


def test_every_public_page_sends_the_security_headers(client, world, resident):
    paths = public_paths(world)
    assert len(paths) > 10
    for who in ("anonymous", "resident"):
        if who == "resident":
            client.force_login(resident)
        for path in paths:
            response = client.get(path)
            assert response.status_code < 500, path
            assert_security_headers(response, path)


def test_error_pages_and_429_send_the_headers_too(client, db):
    assert_security_headers(client.get("/no/such/page/"), "404")


def test_the_admin_has_its_own_policy_but_is_never_framed_by_others(client, staff_with_mfa):
    response = client.get("/admin/")
    assert response.status_code == 200
    csp = directives(response)
    assert csp["frame-ancestors"] == ["'self'"]  # Wagtail frames its own previews
    assert csp["object-src"] == ["'none'"]
    assert "https:" not in csp["script-src"] and "*" not in csp["script-src"]


@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
    CSRF_COOKIE_HTTPONLY=True,
)
def test_production_sends_hsts_and_secure_cookies(resident, password, home_page):
    client = Client()
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        "/accounts/login/", {"login": resident.email, "password": password}, secure=True
    )
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_the_production_settings_turn_on_hsts_and_secure_cookies():
    """Load the real settings with DJANGO_DEBUG off, in a separate interpreter."""
    import json
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k8Fq2-production-like-secret-" + "x7Yp3Lm9Zr2Tq8Wv4Bn6Hs1Dj5Gc0",
        "DJANGO_ALLOWED_HOSTS": "goals.example.gov.uk",
        "SITE_URL": "https://goals.example.gov.uk",
        "REDIS_URL": "redis://redis.example.gov.uk:6379/0",  # never connected to here
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    names = [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SAMESITE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
    ]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert values["X_FRAME_OPTIONS"] == "DENY"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"href\s*=\s*[\"']?\s*javascript:", re.I)


def test_no_project_template_has_inline_script_or_event_handlers():
    """The CSP would block them anyway; this keeps templates honest before a browser does."""
    offenders = []
    for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html"):
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, JS_URL):
            if pattern.search(text):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {pattern.pattern}")
    assert offenders == []


def test_the_branding_style_carries_the_nonce_of_its_own_response(client, home_page):
    """django-csp's nonce: a fresh one per response, on the one <style> element."""
    import re

    nonces = set()
    for _ in range(2):
        response = client.get("/")
        policy_nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        style_nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode())
        assert policy_nonce and style_nonce
        assert policy_nonce.group(1) == style_nonce.group(1)
        nonces.add(style_nonce.group(1))
    assert len(nonces) == 2
