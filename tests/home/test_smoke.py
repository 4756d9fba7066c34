from django.utils.html import escape
from pytest_django.asserts import assertContains


def test_home_page_renders(client, home_page):
    response = client.get("/")
    assertContains(response, f"<h1>{escape(home_page.headline)}</h1>", html=True)


def test_healthz_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "cache": "ok"}
