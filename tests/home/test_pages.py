"""The site shell: home page, standard pages, navigation, footer, breadcrumbs, 404, 500."""

import pytest
from django.test import RequestFactory
from django.utils.html import escape
from django.utils.translation import override
from pytest_django.asserts import assertContains

from home.models import StandardPage
from home.views import server_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home_page):
    page = home_page.add_child(
        instance=StandardPage(
            title="About City Goals",
            slug="about",
            intro="What this is.",
            show_in_menus=True,
            body=[("heading", "Convened, not led"), ("paragraph", "<p>Together.</p>")],
        )
    )
    return page


@pytest.fixture
def privacy(home_page):
    return home_page.add_child(
        instance=StandardPage(title="Privacy notice", slug="privacy-notice", show_in_menus=False)
    )


def test_home_page_renders_its_sections_with_empty_states(client, home_page):
    response = client.get("/")
    assertContains(response, f"<h1>{escape(home_page.headline)}</h1>", html=True)
    for heading in ("Our shared goals", "Have your say now", "Latest pledges"):
        assertContains(response, heading)
    assertContains(response, "No consultations are open right now.")
    assertContains(response, '<html lang="en-gb">')


def test_standard_page_renders_with_breadcrumbs_and_its_body(client, about):
    child = about.add_child(instance=StandardPage(title="Our partners", slug="partners"))
    response = client.get(child.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html
    assert '<a href="/">Home</a>' in html
    assert f'<a href="{about.url}">About City Goals</a>' in html
    assert '<li aria-current="page">Our partners</li>' in html
    response = client.get(about.url)
    assertContains(response, "<h1>About City Goals</h1>", html=True)
    assertContains(response, "Convened, not led")
    assertContains(response, "<title>About City Goals – City Goals</title>", html=True)


def test_menu_pages_in_the_header_others_in_the_footer(client, about, privacy):
    html = client.get(privacy.url).content.decode()
    header = html[
        html.index('<nav class="site-nav"') : html.index("</nav>", html.index("site-nav"))
    ]
    footer = html[html.index('aria-label="Footer"') :]
    assert "About City Goals" in header and "Privacy notice" not in header
    assert "Privacy notice" in footer and "About City Goals" not in footer


def test_header_marks_the_current_section(client, about):
    child = about.add_child(instance=StandardPage(title="Team", slug="team"))
    html = client.get(about.url).content.decode()
    assert f'<a href="{about.url}" aria-current="page">' in html
    html = client.get(child.url).content.decode()
    assert f'<a href="{about.url}" aria-current="true">' in html
    html = client.get("/").content.decode()
    assert f'<a href="{about.url}">' in html


def test_navigation_costs_the_same_queries_for_one_menu_page_or_ten(
    client, home_page, resident, django_capture_on_commit_callbacks
):
    client.force_login(resident)  # signed-in pages are always rendered, never cached
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_pages(n):
        # Committed, as in a real request: the menus are kept until the content changes.
        with django_capture_on_commit_callbacks(execute=True):
            home_page.add_child(
                instance=StandardPage(title=f"Section {n}", slug=f"section-{n}", show_in_menus=True)
            )
            home_page.add_child(instance=StandardPage(title=f"Footer {n}", slug=f"footer-{n}"))

    def count_queries():
        client.get("/")  # warm per-process caches (site root paths, content types)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        assert response.status_code == 200
        assert response.get("X-Page-Cache") != "hit"
        return len(queries), response

    add_pages(0)
    one, _response = count_queries()
    for n in range(1, 10):
        add_pages(n)
    ten, response = count_queries()
    assert one > 0
    assert ten == one
    assertContains(response, "Section 9")
    assertContains(response, "Footer 9")


def test_a_view_without_a_page_gets_breadcrumbs_from_its_title(client):
    html = client.get("/search/").content.decode()
    assert '<a href="/">Home</a>' in html
    assert '<li aria-current="page">Search</li>' in html


def test_404_is_the_designed_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assertContains(response, "<h1>Page not found</h1>", html=True, status_code=404)
    assertContains(response, 'role="search"', status_code=404)
    assertContains(response, '<main id="main-content"', status_code=404)


def test_500_renders_without_touching_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert '<html lang="en-gb">' in html


def test_500_text_goes_through_translation(monkeypatch):
    """The 500 page's words are looked up with gettext at render time."""
    from django.utils import translation

    looked_up = []
    original = translation._trans.gettext

    def spy(message):
        looked_up.append(str(message))
        return original(message)

    monkeypatch.setattr(translation._trans, "gettext", spy, raising=False)
    with override("en-gb"):
        server_error(RequestFactory().get("/"))
    assert "Sorry, there is a problem with the service" in looked_up
    assert "Go to the home page" in looked_up


def test_the_urlconf_uses_the_designed_404_and_500_handlers():
    from django.urls import get_resolver

    from home.views import page_not_found

    assert get_resolver().resolve_error_handler(500) is server_error
    assert get_resolver().resolve_error_handler(404) is page_not_found
