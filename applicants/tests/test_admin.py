"""The admin pages for every applicants model open, search and filter."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory

from .factories import (
    DocumentFactory,
    EducationFactory,
    LeadershipFactory,
    ProfileFactory,
    TrainingFactory,
    WorkFactory,
    login_verified,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "region",
    "county",
    "agency",
    "language",
    "applicantprofile",
    "education",
    "workexperience",
    "training",
    "leadershipactivity",
    "document",
    "storedfile",
]


@pytest.fixture
def admin_client(client):
    login_verified(client, UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelist_searches(admin_client, model):
    profile = ProfileFactory()
    user = profile.user
    EducationFactory(user=user)
    WorkFactory(user=user)
    TrainingFactory(user=user)
    LeadershipFactory(user=user)
    DocumentFactory(user=user)
    url = reverse(f"admin:applicants_{model}_changelist")

    listing = admin_client.get(url)
    search = admin_client.get(url, {"q": "a"})

    assert listing.status_code == search.status_code == 200
    assert listing.context["cl"].result_count >= 1


def test_admin_storedfile_links_to_the_checked_download(admin_client):
    document = DocumentFactory()

    response = admin_client.get(reverse("admin:applicants_storedfile_changelist"))

    assert reverse("applicants:file_download", args=[document.file_id]) in response.content.decode()
