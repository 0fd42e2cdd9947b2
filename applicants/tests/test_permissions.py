"""Every page of the portfolio: anonymous visitors log in, people see only their own entries."""

import pytest
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator, reviewer
from applicants.models import Document, Education, LeadershipActivity, Training, WorkExperience

from .factories import (
    DocumentFactory,
    EducationFactory,
    LeadershipFactory,
    TrainingFactory,
    WorkFactory,
    login_verified,
)

pytestmark = pytest.mark.django_db

SECTIONS = {
    "education": (EducationFactory, Education),
    "work": (WorkFactory, WorkExperience),
    "training": (TrainingFactory, Training),
    "leadership": (LeadershipFactory, LeadershipActivity),
    "documents": (DocumentFactory, Document),
}


def urls_for(section, pk):
    return {
        "list": reverse(f"applicants:{section}_list"),
        "add": reverse(f"applicants:{section}_add"),
        "edit": reverse(f"applicants:{section}_edit", args=[pk]),
    }


def login_redirect(url):
    return f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    "url",
    [reverse("applicants:dashboard"), reverse("applicants:profile")],
    ids=["dashboard", "profile"],
)
def test_portfolio_pages_anonymous_is_sent_to_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == login_redirect(url)


@pytest.mark.parametrize("section", SECTIONS)
def test_section_pages_anonymous_is_sent_to_login(client, section):
    entry = SECTIONS[section][0]()
    urls = urls_for(section, entry.pk)
    delete_url = reverse(f"applicants:{section}_delete", args=[entry.pk])

    responses = {name: client.get(url) for name, url in urls.items()}
    delete = client.post(delete_url)

    for name, response in responses.items():
        assert response["Location"] == login_redirect(urls[name]), name
    assert delete["Location"] == login_redirect(delete_url)
    assert SECTIONS[section][1].objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("section", SECTIONS)
def test_section_pages_owner_sees_own_entry(client, section):
    owner = applicant()
    entry = SECTIONS[section][0](user=owner)
    client.force_login(owner)
    urls = urls_for(section, entry.pk)

    listing = client.get(urls["list"])
    add = client.get(urls["add"])
    edit = client.get(urls["edit"])

    assert listing.status_code == add.status_code == edit.status_code == 200
    assert listing.context["entries"] == [entry]
    assert edit.context["form"].instance == entry
    assert "<h1>Change" in edit.content.decode()


@pytest.mark.parametrize("section", SECTIONS)
def test_section_pages_another_applicant_gets_404(client, section):
    entry = SECTIONS[section][0](user=applicant())
    client.force_login(applicant())
    urls = urls_for(section, entry.pk)

    listing = client.get(urls["list"])
    edit = client.get(urls["edit"])
    edit_post = client.post(urls["edit"], {"title": "Hijacked"})
    delete = client.post(reverse(f"applicants:{section}_delete", args=[entry.pk]))

    assert listing.context["entries"] == []
    assert edit.status_code == edit_post.status_code == delete.status_code == 404
    assert SECTIONS[section][1].objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("make_staff", [coordinator, reviewer])
@pytest.mark.parametrize("section", SECTIONS)
def test_section_pages_staff_cannot_change_someone_elses_entry(client, section, make_staff):
    # Staff look at portfolios through the review pages (endorsements), never these.
    entry = SECTIONS[section][0](user=applicant())
    login_verified(client, make_staff())

    response = client.get(reverse(f"applicants:{section}_edit", args=[entry.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("section", SECTIONS)
def test_section_delete_owner_deletes_and_returns_to_list(client, section):
    owner = applicant()
    entry = SECTIONS[section][0](user=owner)
    client.force_login(owner)

    response = client.post(reverse(f"applicants:{section}_delete", args=[entry.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse(f"applicants:{section}_list")
    assert not SECTIONS[section][1].objects.filter(pk=entry.pk).exists()
    assert "is deleted" in response.content.decode()


@pytest.mark.parametrize("section", SECTIONS)
def test_section_delete_refuses_get(client, section):
    owner = applicant()
    entry = SECTIONS[section][0](user=owner)
    client.force_login(owner)

    response = client.get(reverse(f"applicants:{section}_delete", args=[entry.pk]))

    assert response.status_code == 405
    assert SECTIONS[section][1].objects.filter(pk=entry.pk).exists()
