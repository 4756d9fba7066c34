"""Production configuration: `check --deploy` is clean, and the site refuses to start
without a secret key and allowed hosts. Run in subprocesses with their own environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import parse_email_url

ROOT = Path(__file__).resolve().parents[2]
SECRET = "k3y-" + "".join(chr(33 + (i * 7) % 90) for i in range(60)).replace("$", "x")


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "EMAIL_"))
        and key not in {"PYTEST_CURRENT_TEST", "SITE_URL"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "citygoals.lowbridge.example",
    "SITE_URL": "https://citygoals.lowbridge.example",
}


def test_check_deploy_lists_no_warnings_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY must be set"),
        ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS must be set"),
        ("SITE_URL", "SITE_URL must be set when DJANGO_DEBUG is off"),
    ],
)
def test_production_refuses_to_start_without(missing, message):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_refuses_a_short_or_generated_secret_key():
    for secret in ("short", "django-insecure-" + "a1b2c3d4e5" * 5, "ab" * 30):
        result = manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": secret})
        assert result.returncode != 0, secret
        assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_derives_every_address_from_site_url():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SITE_URL, s.WAGTAILADMIN_BASE_URL, s.ACCOUNT_DEFAULT_HTTP_PROTOCOL)",
        **{**PRODUCTION, "SITE_URL": "https://citygoals.lowbridge.example/"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "https://citygoals.lowbridge.example",
        "https://citygoals.lowbridge.example",
        "https",
    ]


@pytest.mark.parametrize("url", ["citygoals.lowbridge.example", "https://x.example/goals/"])
def test_a_site_url_that_is_not_an_address_is_refused(url):
    result = manage("check", **{**PRODUCTION, "SITE_URL": url})
    assert result.returncode != 0
    assert "SITE_URL must be" in result.stderr


def test_debug_defaults_need_no_configuration():
    result = manage("check")
    assert result.returncode == 0, result.stderr


def test_email_url_in_settings():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)",
        EMAIL_URL="smtp+tls://mailer:p%40ss@mail.lowbridge.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.lowbridge.example",
        "587",
        "True",
    ]


class TestParseEmailUrl:
    def test_starttls_with_credentials(self):
        config = parse_email_url("smtp+tls://mailer:p%40ss%2Fword@mail.example.org:2525")
        assert config == {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "mail.example.org",
            "EMAIL_PORT": 2525,
            "EMAIL_HOST_USER": "mailer",
            "EMAIL_HOST_PASSWORD": "p@ss/word",
            "EMAIL_USE_TLS": True,
            "EMAIL_USE_SSL": False,
        }

    def test_default_ports_and_modes(self):
        assert parse_email_url("smtp://relay.internal")["EMAIL_PORT"] == 25
        assert parse_email_url("smtp://relay.internal")["EMAIL_USE_TLS"] is False
        assert parse_email_url("smtp+tls://m.example.org")["EMAIL_PORT"] == 587
        ssl = parse_email_url("smtps://m.example.org")
        assert (ssl["EMAIL_PORT"], ssl["EMAIL_USE_SSL"], ssl["EMAIL_USE_TLS"]) == (465, True, False)
        assert parse_email_url("smtp+ssl://m.example.org")["EMAIL_USE_SSL"] is True

    def test_timeout_and_no_credentials(self):
        config = parse_email_url("smtp://relay.internal?timeout=10")
        assert config["EMAIL_TIMEOUT"] == 10
        assert config["EMAIL_HOST_USER"] == config["EMAIL_HOST_PASSWORD"] == ""

    def test_development_backends(self):
        assert parse_email_url("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
        assert parse_email_url("locmem://")["EMAIL_BACKEND"].endswith("locmem.EmailBackend")

    @pytest.mark.parametrize(
        "url", ["postgres://x@y/z", "smtp://", "smtp://host:notaport", "mail.example.org"]
    )
    def test_bad_urls_are_refused_clearly(self, url):
        with pytest.raises(ImproperlyConfigured):
            parse_email_url(url)
