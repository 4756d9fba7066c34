"""The Content-Security-Policy breaks nothing: a real Chromium reports no violation on
the demo city's public pages (with htmx working) or in the Wagtail admin's editor.

(Security area: core/security.py. Uses Chromium directly, not the ``browse`` fixture:
these visits check the browser's CSP report, not accessibility.)
"""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = [
    "/",
    "/goals/",
    "/goals/clean-air-for-every-street/",  # a chart, its labels placed by classes
    "/areas/",  # the server-drawn maps
    "/take-part/ideas/",
    "/pledges/",
    "/organisations/",
    "/data/",
    "/search/?q=air",
    "/accounts/login/",
    "/accounts/signup/",
    "/privacy-notice/",
]


def open_page(chromium, live_server, cookies=()):
    context = chromium.new_context(locale="en-GB")
    context.set_default_timeout(15_000)
    if cookies:
        context.add_cookies(list(cookies))
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return context, page, violations


def session_cookie(user, live_server, *, mfa=False):
    from django.test import Client

    from tests.mfa import mark_session_mfa

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if mfa:
        mark_session_mfa(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": live_server.url}


def test_public_pages_run_under_the_policy(chromium, live_server, demo_city):
    from consultations.models import Proposal

    context, page, violations = open_page(chromium, live_server)
    paths = list(PUBLIC)
    proposal = Proposal.objects.filter(moderation_state="published").first()
    if proposal:
        paths.append(proposal.get_absolute_url())
        paths.append(proposal.consultation.url)  # the participation chart
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status < 500, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    # htmx loaded and ran (it injects its indicator styles on start-up).
    assert page.evaluate("typeof window.htmx") == "object"
    context.close()
    assert violations == [], "\n".join(violations)


def test_a_signed_in_resident_supports_an_idea_with_htmx(chromium, live_server, demo_city):
    from consultations.models import ConsultationPage, Proposal, Support
    from tests.factories import VerifiedUserFactory

    resident = VerifiedUserFactory(display_name="CSP tester")
    from datetime import timedelta

    from django.utils import timezone

    from consultations.models import Phase

    consultation = ConsultationPage.objects.live().first()
    if consultation is None:  # the demo city has none yet: make one
        from wagtail.models import Page

        from consultations.models import ConsultationIndexPage

        home = Page.objects.get(depth=2)
        index = ConsultationIndexPage.objects.first() or home.add_child(
            instance=ConsultationIndexPage(title="Take part", slug="csp-take-part")
        )
        consultation = index.add_child(
            instance=ConsultationPage(title="Air", slug="csp-air", question="How?")
        )
    now = timezone.now()
    for action in ("propose", "support"):
        Phase.objects.create(
            consultation=consultation,
            action=action,
            starts_at=now - timedelta(days=1),
            ends_at=now + timedelta(days=10),
        )
    proposal = Proposal.objects.create(
        consultation=consultation, author=VerifiedUserFactory(), title="Benches", body="More."
    )
    context, page, violations = open_page(
        chromium, live_server, [session_cookie(resident, live_server)]
    )
    page.goto(live_server.url + proposal.get_absolute_url())
    button = page.locator(f"#support-{proposal.pk} button[type=submit]")
    if button.count():
        with page.expect_response(lambda r: "/support/" in r.url):
            button.first.click()
        page.wait_for_timeout(300)
        assert Support.objects.filter(user=resident, proposal=proposal).exists()
        # htmx swapped the fragment in place: no full page load.
        assert page.url.endswith(proposal.get_absolute_url())
    context.close()
    assert violations == [], "\n".join(violations)


def test_the_wagtail_admin_runs_under_its_policy(chromium, live_server, demo_city):
    from wagtail.models import Page

    from accounts.models import User
    from demo import accounts as accounts_demo
    from tests.mfa import give_totp

    admin = User.objects.get(email=accounts_demo.ADMIN)
    if not admin.authenticator_set.exists():
        give_totp(admin)  # seed_demo gives demo staff one only with DEBUG on
    context, page, violations = open_page(
        chromium, live_server, [session_cookie(admin, live_server, mfa=True)]
    )
    goal_page = Page.objects.live().filter(depth=4).first() or Page.objects.get(depth=2)
    for path in (
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{goal_page.pk}/edit/",
        "/admin/snippets/",
        "/admin/audit-trail/",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
    page.wait_for_timeout(500)
    context.close()
    assert violations == [], "\n".join(violations)
