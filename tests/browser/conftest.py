"""Fixtures for the real-browser journeys: Chromium, the live server and the demo city.

How the data works (fast, and safe for everyone else's tests):

- Every test in this folder that opens a browser window (``browse``) is a transactional
  test (``pytest_collection_modifyitems`` marks them): the live server's thread must see
  the data the test makes. Like every transactional test it ends with Django flushing
  the database; the next database test rebuilds the Wagtail tree (tests/conftest.py).
  They run at the end of the session, after every other test, so the session-wide
  Chromium and demo snapshot are set up once and the other tests never wait for them.
- ``demo_snapshot`` (session) starts from an empty database with the Wagtail tree, runs
  ``seed_demo`` once and keeps every table's rows (PostgreSQL COPY); ``demo_city`` empties
  the database and copies them back before each test (a fraction of a second).
- Each test sets up whatever extra data its journey needs with the ORM/services, and
  drives the person's own actions through the browser.

Playwright's sync API runs an event loop in this thread, so Django would refuse ORM calls
here (SynchronousOnlyOperation); ``DJANGO_ALLOW_ASYNC_UNSAFE`` allows them. The live server
runs in a thread of this process, so ``django.core.mail.outbox`` holds its emails.
"""

from __future__ import annotations

import io
import json
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.core.management.color import no_style
from playwright.sync_api import expect

from tests.browser import html_checker as nu
from tests.browser.axe import DESKTOP, PageChecker
from tests.browser.keyboard import KeyboardOnly

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSER_DIR = Path(__file__).parent
# Generous: these only bound waits on conditions, and two test workers share two cores
# with Chromium, Java and PostgreSQL; a passing step never waits for them.
TIMEOUT_MS = 30_000
expect.set_options(timeout=20_000)


def _is_browser_test(item) -> bool:
    return BROWSER_DIR in Path(str(item.path)).parents


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Mark browser tests, skip them without Chromium, and run them after all others
    (so Chromium and the demo snapshot, both per session, are set up once, late)."""
    browser_items = [item for item in items if _is_browser_test(item)]
    if not browser_items:
        return
    skip = None
    if not CHROMIUM.exists():
        skip = pytest.mark.skip(
            reason=f"Chromium is not installed at {CHROMIUM} (apt-get install chromium); "
            "the browser and accessibility tests need it"
        )
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        if "browse" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db(transaction=True))
        if skip:
            item.add_marker(skip)
    others = [item for item in items if not _is_browser_test(item)]
    items[:] = others + browser_items


# Chromium -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def html_checker():
    """The Nu Html Checker service, started once (Java warms up while the demo is seeded).

    None where Java or vnu.jar is missing, unless CITYGOALS_REQUIRE_HTML_CHECKER=1."""
    try:
        checker = nu.HtmlChecker()
    except nu.HtmlCheckerMissing as missing:
        if nu.required():
            pytest.fail(f"The Nu Html Checker is required ({nu.REQUIRE_ENV}=1): {missing}")
        warnings.warn(f"Pages are not checked for valid HTML: {missing}", stacklevel=1)
        yield None
        return
    yield checker
    checker.close()


# Data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSnapshot:
    """Every table of the seeded demo database, as PostgreSQL's COPY wrote it.

    Loading it back is one TRUNCATE and one COPY per table (a fraction of a second),
    where Django's serialised form is deserialised and saved object by object (seconds,
    and tens of seconds on a loaded machine, for every browser test)."""

    tables: tuple[tuple[str, bytes], ...] = ()
    serialized: str = ""  # elsewhere than PostgreSQL: Django's serialised form

    @classmethod
    def take(cls, connection) -> DemoSnapshot:
        if connection.vendor != "postgresql":
            serialized = connection.creation.serialize_db_to_string()
            return cls(serialized=_content_types_first(serialized))
        names = sorted(connection.introspection.django_table_names(only_existing=True))
        tables = []
        with connection.cursor() as cursor:
            for name in names:
                with cursor.copy(f"COPY {connection.ops.quote_name(name)} TO STDOUT") as copy:
                    data = b"".join(bytes(chunk) for chunk in copy)
                tables.append((name, data))
        return cls(tables=tuple(tables))

    def load(self, connection) -> None:
        """Replace everything in the database by the snapshot, in one transaction.

        Django makes PostgreSQL foreign keys ``DEFERRABLE INITIALLY DEFERRED``: they are
        checked at the commit, when every table is back, so the order does not matter.
        Sequences are left as they are, past every ID the snapshot holds."""
        from django.db import transaction

        if self.serialized:
            _flush(connection)
            connection.creation.deserialize_db_from_string(self.serialized)
            return
        quote = connection.ops.quote_name
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("TRUNCATE " + ", ".join(quote(name) for name, _data in self.tables))
            for name, data in self.tables:
                if data:
                    with cursor.copy(f"COPY {quote(name)} FROM STDIN") as copy:
                        copy.write(data)


_DEMO: dict[str, DemoSnapshot] = {}  # the seeded demo database, by alias


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """Seed the demo city once per session (per pytest-xdist worker) and keep it.

    It starts from the database the migrations made, as a flush leaves it: content types
    and permissions recreated by the flush, the Wagtail tree by ``tests/wagtail_tree.py``.
    """
    from django.db import connection, connections

    with django_db_blocker.unblock():
        _migrated_state(connection)
        _reset_sequences(connection)
        call_command("seed_demo", stdout=io.StringIO())
        _DEMO[connection.alias] = DemoSnapshot.take(connection)
    yield _DEMO[connection.alias]
    # Leave the database as the migrations made it, for --reuse-db and anything after.
    with django_db_blocker.unblock():
        _migrated_state(connection)
    # This context's connection (Playwright runs our fixtures in an asgiref context of
    # its own) would otherwise stay open and stop pytest-django dropping the test database.
    connections.close_all()


def _migrated_state(connection) -> None:
    from tests.wagtail_tree import ensure_wagtail_tree

    _flush(connection, post_migrate=True)
    ensure_wagtail_tree()


def _flush(connection, *, post_migrate: bool = False) -> None:
    call_command(
        "flush",
        database=connection.alias,
        interactive=False,
        inhibit_post_migrate=not post_migrate,
        reset_sequences=False,
        verbosity=0,
    )


def _content_types_first(serialized: str) -> str:
    """Put content types first in a serialised database.

    Wagtail's ``Page.__init__`` looks up (and, if missing, creates) the content type of a
    page built without an ID, as the deserialiser builds multi-table pages; if the
    content type rows come later in the data, they then clash with the ones just created.
    """
    objects = json.loads(serialized)
    objects.sort(key=lambda obj: obj["model"] != "contenttypes.contenttype")
    return json.dumps(objects)


def _reset_sequences(connection) -> None:
    """Move ID sequences past the rows just loaded with explicit IDs (PostgreSQL)."""
    from django.apps import apps

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@pytest.fixture
def demo_city(demo_snapshot, live_server, settings):
    """Every browser test: the seeded demo city, served by the live server.

    The test is transactional: whatever the database holds is replaced by the demo city;
    Django flushes it again when the test ends.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    demo_snapshot.load(connection)
    ContentType.objects.clear_cache()
    # Links in emails are built from SITE_URL, and the Site record follows it: make
    # both the live server.
    from wagtail.models import Site

    from core.emails import site_from_url

    settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    site_from_url(Site.objects.get(is_default_site=True), live_server.url)
    settings.ALLOWED_HOSTS = ["*"]
    # Proper password hashing costs a second per sign-up or sign-in; the demo's hashes
    # (PBKDF2) still verify.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    mail.outbox = []
    yield


# People ---------------------------------------------------------------------------


@dataclass
class Person:
    """One person at one browser: their own cookies, and every page they see checked."""

    page: object
    base_url: str
    checker: PageChecker
    keyboard_only: KeyboardOnly | None = None
    navigations: list = field(default_factory=list)
    unchecked: list = field(default_factory=list)

    # Actions: with a pointer, or with the keyboard alone (Tab/Shift+Tab, Enter/Space).

    def click(self, locator, *, navigates: bool = False) -> None:
        """Follow a link or press a button; with ``navigates``, wait for the new page."""
        if navigates:
            with self.page.expect_navigation(wait_until="load"):
                self._activate(locator)
        else:
            self._activate(locator)

    def _activate(self, locator) -> None:
        if self.keyboard_only:
            tag = locator.evaluate("(el) => el.tagName.toLowerCase()")
            kind = locator.evaluate("(el) => (el.getAttribute('type') || '').toLowerCase()")
            # Links follow with Enter; buttons, checkboxes and summaries with Space.
            key = "Enter" if tag == "a" else "Space"
            if tag == "input" and kind in ("submit", "button"):
                key = "Enter"
            self.keyboard_only.activate(locator, key)
        else:
            locator.click()

    def fill(self, locator, text: str) -> None:
        if self.keyboard_only:
            self.keyboard_only.type_into(locator, text)
        else:
            locator.fill(text)

    def tick(self, locator) -> None:
        """Tick a checkbox or choose a radio button."""
        if self.keyboard_only:
            self.keyboard_only.activate(locator, "Space")
        else:
            locator.check()

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}{path}"

    def visit(self, path: str, name: str | None = None, **axe_options):
        """Type an address into the browser, then check the page it shows."""
        response = self.page.goto(self.url(path))
        self.check(name, **axe_options)
        return response

    def check(self, name: str | None = None, **axe_options) -> None:
        """Run axe, reflow/zoom checks and screenshots on the page now shown."""
        self.checker(self.page, name, **axe_options)
        self.unchecked.clear()

    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url)

    def _navigated(self, frame) -> None:
        if frame != self.page.main_frame or frame.url in ("about:blank", ""):
            return
        self.unchecked.append(frame.url)
        self.navigations.append(frame.url)


@pytest.fixture
def browse(request, html_checker, chromium, live_server, demo_city):
    """Open a browser window for a person: ``alice = browse(js=True, user=None)``.

    With ``user``, the person is signed in (a session made on the server, as if they
    had signed in earlier). At the end of the test every page any person navigated to
    must have been checked (``person.check()`` or ``person.visit()``).
    """
    contexts = []
    people = []
    checker = PageChecker(test_name=request.node.name, html_checker=html_checker)

    def open_window(*, js: bool = True, user=None, keyboard_only: bool = False) -> Person:
        context = chromium.new_context(
            viewport=DESKTOP,
            java_script_enabled=js,
            locale="en-GB",
            timezone_id="Europe/London",
            reduced_motion="reduce",
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        if user is not None:
            sign_in_cookie(context, user, live_server.url)
        page = context.new_page()
        checker.watch(page)
        person = Person(
            page=page,
            base_url=live_server.url,
            checker=checker,
            keyboard_only=KeyboardOnly(page) if keyboard_only else None,
        )
        page.on("framenavigated", person._navigated)
        people.append(person)
        return person

    yield open_window
    unchecked = [url for person in people for url in person.unchecked]
    for context in contexts:
        context.close()
    if unchecked and not hasattr(request.node, "rep_call_failed"):
        pytest.fail(f"These pages were shown but never checked for accessibility: {unchecked}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.rep_call_failed = True
    return report


def sign_in_cookie(context, user, base_url: str) -> None:
    """Give a browser context a signed-in session for ``user`` (test set-up, not a journey)."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


# Email ----------------------------------------------------------------------------

_LINK = re.compile(r"https?://[^\s<>\"']+")


def emails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def link_in_email(address: str, contains: str = "") -> str:
    """The first link containing ``contains`` in the latest email sent to ``address``."""
    messages = emails_to(address)
    assert messages, f"No email was sent to {address}; outbox: {[m.to for m in mail.outbox]}"
    for link in _LINK.findall(messages[-1].body):
        if contains in link:
            return link
    raise AssertionError(f"No link containing {contains!r} in: {messages[-1].body}")


# Staff: two-factor sign-in -----------------------------------------------------------

STAFF_TOTP_SECRET = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"  # test-only authenticator secret


def give_authenticator(user, secret: str = STAFF_TOTP_SECRET) -> None:
    """Staff must use a second factor for the admin: give them an authenticator app."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)


def totp_code(secret: str = STAFF_TOTP_SECRET) -> str:
    """The code the person's authenticator app shows now.

    Like a person who sees the code is about to change, wait for the next one when
    fewer than five seconds are left: the server accepts only the current code.
    """
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 5:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def sign_in(person, email: str, password: str, *, totp_secret: str | None = None) -> None:
    """Sign in through the sign-in page, with the authenticator code when asked."""
    page = person.page
    person.visit("/accounts/login/")
    person.fill(page.get_by_label("Email address"), email)
    person.fill(page.get_by_label("Password", exact=True), password)
    person.click(page.get_by_role("button", name="Sign in"), navigates=True)
    person.check()
    if totp_secret:
        person.fill(page.get_by_label(re.compile("code", re.I)), totp_code(totp_secret))
        person.click(page.locator("main").get_by_role("button").first, navigates=True)
        person.check()
        expect(page.get_by_label(re.compile("code", re.I))).to_have_count(0)
