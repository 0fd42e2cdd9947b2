"""The public registry and the RSC provider roster."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from .factories import endorse, lapse, person

pytestmark = pytest.mark.django_db
REGISTRY = reverse("reports:registry")
ROSTER = reverse("reports:rsc_providers")


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people():
    listed = person(
        county="Hartford",
        given="Ana",
        family="Rivera",
        languages=("English", "Spanish"),
        directory_opt_in=True,
        phone="860-555-0199",
    )
    endorse(listed, "IFS", on=date(2024, 1, 1))
    endorse(listed, "IFRS", on=date(2024, 2, 1), emerging=True)
    private = person(county="Hartford", given="Bo", family="Hidden", directory_opt_in=False)
    endorse(private, "IFA", on=date(2024, 1, 1))
    lapsed = person(county="New Haven", given="Cy", family="Lapsed", directory_opt_in=True)
    e, h = endorse(lapsed, "IFA", on=date(2022, 1, 1))
    lapse(e, h, on=date(2023, 2, 1))
    eastern = person(county="New London", given="Dee", family="Okafor", directory_opt_in=True)
    endorse(eastern, "IMHS", on=date(2024, 1, 1))
    return listed


def names(response):
    return [p.display_name for p in response.context["page"]]


def test_registry_lists_opted_in_current_holders_only(client, people):
    response = client.get(REGISTRY)

    html = response.content.decode()
    assert names(response) == ["Dee Okafor", "Ana Rivera"]
    assert "IFRS</abbr> (emerging)" in html
    assert "860-555-0199" not in html and people.email not in html  # nothing else shown
    assert "Hidden" not in html and "Lapsed" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"name": "rivera"}, ["Ana Rivera"]),
        ({"name": "ana riv"}, ["Ana Rivera"]),
        ({"category": "IMHS"}, ["Dee Okafor"]),
        ({"region": "eastern"}, ["Dee Okafor"]),
        ({"language": "Spanish"}, ["Ana Rivera"]),
        ({"name": "nobody"}, []),
    ],
)
def test_registry_search(client, people, query, expected):
    from applicants.models import Language

    if "language" in query:
        query = {"language": Language.objects.get(name=query["language"]).pk}

    response = client.get(REGISTRY, query)

    assert names(response) == expected
    if not expected:
        assert "Nobody matches this search" in response.content.decode()


def test_registry_is_noindex_by_default(client, settings):
    response = client.get(REGISTRY)

    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    settings.REGISTRY_NOINDEX = False
    response = client.get(REGISTRY)
    assert not response.has_header("X-Robots-Tag")
    assert 'name="robots"' not in response.content.decode()


def test_registry_empty_state_says_what_to_do(client):
    response = client.get(REGISTRY)

    assert "Endorsed professionals can choose to be listed in their profile" in (
        response.content.decode()
    )


def test_registry_paginates_by_25(client):
    for i in range(26):
        user = person(county="Hartford", family=f"Person{i:02d}", directory_opt_in=True)
        endorse(user, "IFA", on=date(2024, 1, 1))

    first = client.get(REGISTRY)
    second = client.get(REGISTRY, {"page": 2})

    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 1
    assert "Next page" in first.content.decode()


def test_registry_lists_at_most_the_cap_and_says_so(client, monkeypatch):
    """A broad search counts only as far as the cap: it says "more than", lists that many,
    and asks for a narrower search; a narrower one counts exactly again."""
    from endorsements.reports import views

    monkeypatch.setattr(views, "DIRECTORY_LISTED_AT_MOST", 30)
    for i in range(32):
        user = person(county="Hartford", family=f"Person{i:02d}", directory_opt_in=True)
        endorse(user, "IFA", on=date(2024, 1, 1))

    broad = client.get(REGISTRY)
    last = client.get(REGISTRY, {"page": 2})
    beyond = client.get(REGISTRY, {"page": 3})
    narrow = client.get(REGISTRY, {"name": "Person1"})

    text = broad.content.decode()
    assert "More than 30 people found. The first 30 are listed, 1 to 25 on this page" in text
    assert "add a name, category, region or language" in text
    assert broad.context["page"].paginator.num_pages == 2
    assert len(last.context["page"]) == 5
    assert beyond.context["page"].number == 2  # clamped to the last listed page
    assert "10 people found" in narrow.content.decode()
    assert not narrow.context["page"].paginator.capped


def test_registry_rate_limit_per_ip(client, settings):
    settings.REGISTRY_RATE_LIMIT = 3

    codes = [client.get(REGISTRY).status_code for _ in range(4)]
    other_ip = client.get(REGISTRY, REMOTE_ADDR="10.0.0.9")

    assert codes == [200, 200, 200, 429]
    assert other_ip.status_code == 200
    limited = client.get(REGISTRY)
    assert "Wait a minute, then try again" in limited.content.decode()
    assert limited["Retry-After"] == "60"


@pytest.mark.parametrize("search", [{}, {"name": "Common"}, {"name": "Com Person"}])
@pytest.mark.parametrize("count", [1, 25])
def test_registry_query_count(client, django_assert_num_queries, count, search):
    for i in range(count):
        user = person(
            county="Hartford",
            languages=("English", "Spanish"),
            directory_opt_in=True,
            given=f"Person{i}",
            family="Common",
        )
        endorse(user, "IFA", on=date(2024, 1, 1))
        endorse(user, "IFS", on=date(2024, 1, 1))

    # categories, regions, languages (the search lists); count (capped); page of people with
    # their region; their languages; their current endorsements. A name's words are
    # subqueries of the count and the page, never queries of their own.
    with django_assert_num_queries(7):
        response = client.get(REGISTRY, search)

    assert len(response.context["page"]) == count


@pytest.fixture
def providers():
    ifrs = person(
        county="Hartford",
        given="Rae",
        family="Supervisor",
        accepting_supervisees=True,
        languages=("English", "Arabic"),
    )
    endorse(ifrs, "IFRS", on=date(2024, 1, 1))
    endorse(ifrs, "IFA", on=date(2024, 1, 1))  # not an RSC category: not shown on the roster
    ecmhs = person(county="New London", given="Eli", family="Clinician", accepting_supervisees=True)
    endorse(ecmhs, "ECMHS", on=date(2024, 1, 1))
    ifs_only = person(
        county="Hartford", given="Fay", family="Specialist", accepting_supervisees=True
    )
    endorse(ifs_only, "IFS", on=date(2024, 1, 1))  # IFS may not provide RSC
    full = person(county="Hartford", given="Gus", family="Full", accepting_supervisees=False)
    endorse(full, "IMHS", on=date(2024, 1, 1))  # not accepting supervisees
    lapsed = person(county="Hartford", given="Hal", family="Gone", accepting_supervisees=True)
    e, h = endorse(lapsed, "IMHM-C", on=date(2022, 1, 1))
    lapse(e, h, on=date(2023, 2, 1))


def test_roster_lists_endorsed_providers_accepting_supervisees(client, providers):
    response = client.get(ROSTER)

    html = response.content.decode()
    assert names(response) == ["Eli Clinician", "Rae Supervisor"]
    rae = next(p for p in response.context["page"] if p.display_name == "Rae Supervisor")
    assert [e.category.code for e in rae.current_endorsements] == ["IFRS"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Find a reflective supervision/consultation (RSC) provider" in html


def test_roster_search(client, providers):
    from applicants.models import Language

    arabic = Language.objects.get(name="Arabic")

    assert names(client.get(ROSTER, {"region": "eastern"})) == ["Eli Clinician"]
    assert names(client.get(ROSTER, {"category": "IFRS"})) == ["Rae Supervisor"]
    assert names(client.get(ROSTER, {"category": "IFS"})) == []
    assert names(client.get(ROSTER, {"language": arabic.pk})) == ["Rae Supervisor"]


@pytest.mark.parametrize("count", [1, 25])
def test_roster_query_count(client, django_assert_num_queries, count):
    for _ in range(count):
        user = person(county="Hartford", accepting_supervisees=True)
        endorse(user, "IMHS", on=date(2024, 1, 1))

    # categories, regions, languages; count; page; languages; RSC-qualifying endorsements
    # (the qualifying categories come from the rules in force, as a subquery)
    with django_assert_num_queries(7):
        response = client.get(ROSTER)

    assert len(response.context["page"]) == count


def test_registry_shows_each_listing_change_at_once(client):
    """Nothing of the registry is kept between visits: opting out, a lapse or a new listing
    shows on the next search."""
    listed = person(county="Hartford", given="Ada", family="Listed", directory_opt_in=True)
    endorsement, held = endorse(listed, "IFA", on=date(2024, 1, 1))
    other = person(county="Hartford", given="Bo", family="Other", directory_opt_in=True)
    endorse(other, "IFS", on=date(2024, 1, 1))
    first = client.get(REGISTRY).content.decode()
    assert "Ada Listed" in first and "Bo Other" in first

    profile = other.applicant_profile
    profile.directory_opt_in = False
    profile.save()
    assert "Bo Other" not in client.get(REGISTRY).content.decode()

    lapse(endorsement, held, on=date(2025, 6, 1))
    assert "Ada Listed" not in client.get(REGISTRY).content.decode()

    newcomer = person(county="Hartford", given="Cy", family="New", directory_opt_in=True)
    endorse(newcomer, "IFA", on=date(2024, 1, 1))
    assert "Cy New" in client.get(REGISTRY).content.decode()
