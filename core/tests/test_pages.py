import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_home_tells_a_visitor_where_to_start(client):
    response = client.get(reverse("core:home"))

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and its target
    assert "Create an account" in html
    assert "not a license" in html


def test_home_greets_signed_in_person(client):
    client.force_login(UserFactory(given_name="Rosa"))

    response = client.get(reverse("core:home"))

    assert "Welcome back, Rosa" in response.content.decode()


def test_unknown_page_gets_friendly_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert reverse("core:home") in response.content.decode()


def test_every_response_carries_security_headers(client):
    response = client.get(reverse("core:home"))

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_are_not_cached(client):
    client.force_login(UserFactory())

    response = client.get(reverse("core:home"))

    assert "no-store" in response["Cache-Control"]


def test_anonymous_pages_may_be_cached(client):
    response = client.get(reverse("core:home"))

    assert "no-store" not in response.get("Cache-Control", "")


def test_dev_outbox_is_not_mounted_without_debug(client):
    response = client.get("/dev/outbox/")

    assert response.status_code == 404


def test_server_error_page_is_friendly(rf):
    from core.views import server_error

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    # True whatever failed: it never promises that nothing was lost (it cannot know).
    text = response.content.decode()
    assert "may not have been saved" in text
    assert "was lost" not in text


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("core:home", "Home"),
        ("reports:registry", "Registry of endorsed professionals"),
        ("competencies:list", "Endorsement requirements"),
    ],
)
def test_page_titles_name_the_page_then_the_portal(client, url, title):
    """The browser tab and a screen reader's first words: the page, a dash, the portal."""
    html = client.get(reverse(url)).content.decode()

    assert f"<title>{title} – CT-AIMH Endorsement Registry</title>" in html
