"""The public requirements pages: /requirements/ and /requirements/<code>/."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import applicant
from competencies import selectors
from competencies.models import EndorsementCategory, RequirementSet

pytestmark = pytest.mark.django_db
LIST = reverse("competencies:list")


def test_list_shows_all_fourteen_categories_grouped_by_track(client):
    response = client.get(LIST)

    html = response.content.decode()
    for category in EndorsementCategory.objects.all():
        assert f'id="category-{category.code}"' in html
        assert reverse("competencies:detail", args=[category.code]) in html
    infant = html.index('<h2 id="track-infant">Infant (pregnancy to 36 months)</h2>')
    early = html.index('<h2 id="track-early_childhood">Early childhood (3 up to 6 years)</h2>')
    assert infant < html.index('id="category-IFA"') < html.index('id="category-IMHM-R"') < early
    assert early < html.index('id="category-ECFA"')


def test_list_shows_the_imhs_rsc_hours_from_the_data(client):
    response = client.get(LIST)

    section = response.content.decode().split('id="category-IMHS"')[1].split("</article>")[0]
    assert "At least 50 hours of reflective supervision/consultation received" in section
    assert "within the last 24 months" in section
    assert "Yes, after review: the pass mark is 80%." in section


def test_list_needs_no_login_and_works_signed_in(client):
    client.force_login(applicant())

    response = client.get(LIST)

    assert response.status_code == 200
    assert "Endorsement requirements" in response.content.decode()


def test_list_hides_inactive_categories(client):
    EndorsementCategory.objects.filter(code="IMHM-R").update(active=False)

    html = client.get(LIST).content.decode()

    assert 'id="category-IMHM-R"' not in html
    assert client.get(reverse("competencies:detail", args=["IMHM-R"])).status_code == 404


def test_list_empty_state_says_what_to_do(client):
    EndorsementCategory.objects.update(active=False)

    html = client.get(LIST).content.decode()

    assert "No endorsement categories are open at the moment" in html


def test_list_with_no_rules_in_effect_says_so(client):
    RequirementSet.objects.filter(category__code="IFA").delete()

    section = client.get(LIST).content.decode().split('id="category-IFA"')[1]

    assert "The requirements for this category are being updated" in section


def _only_active(count: int) -> None:
    codes = list(EndorsementCategory.objects.order_by("order").values_list("code", flat=True))
    EndorsementCategory.objects.exclude(code__in=codes[:count]).update(active=False)


@pytest.mark.parametrize("count", [1, 14])
def test_list_query_count_does_not_grow_with_categories(client, django_assert_num_queries, count):
    _only_active(count)

    # 1 active categories, 2 upcoming requirement sets (none: so no queries for their
    # provider and reviewer categories), 3 upcoming renewal policies, 4 requirement sets in
    # effect, 5 their RSC provider categories, 6 their reviewer categories, 7 renewal policies
    # in effect, 8 their RSC provider categories. Anonymous: no session or role-group queries.
    with django_assert_num_queries(8):
        response = client.get(LIST)

    assert response.content.decode().count('<article class="card') == count


def test_list_query_count_signed_in(client, django_assert_num_queries):
    client.force_login(applicant())

    # 1 session, 2 user with their role groups, 3-10 as for anonymous visitors.
    with django_assert_num_queries(10):
        client.get(LIST)


def test_detail_lists_requirements_domains_and_areas_for_the_level(client):
    response = client.get(reverse("competencies:detail", args=["IFA"]))

    html = response.content.decode()
    assert "<h1>Infant Family Associate (IFA)</h1>" in html
    assert "CDA" in html and "or 2 years of paid work instead" in html
    assert "Theoretical Foundations" in html
    assert "Pregnancy &amp; early parenthood" in html
    # Introduced at higher levels: not for IFA.
    assert "Psychotherapeutic and behavioral theories of change" not in html
    assert "Administration" not in html
    assert "Early Childhood Family Associate (ECFA)" in html  # the twin
    assert f'href="{LIST}"' in html  # a way back


def test_detail_for_a_mentor_includes_administration(client):
    html = client.get(reverse("competencies:detail", args=["imhm-c"])).content.decode()

    assert "Administration" in html
    assert "Research &amp; evaluation" in html
    assert "25 hours of them about the reflective supervision you provide" in html


@time_machine.travel(date(2026, 5, 1))
def test_detail_announces_the_three_year_renewal_model(client):
    html = client.get(reverse("competencies:detail", args=["IMHS"])).content.decode()

    assert "From 31 December 2027" in html
    assert "Every 3 years: 45 hours of training" in html
    assert "Every year: 15 hours of training" in html


def test_detail_unknown_code_is_404(client):
    assert client.get(reverse("competencies:detail", args=["NOPE"])).status_code == 404


def test_detail_query_count(client, django_assert_num_queries):
    # 1 category (+ twin), 2 requirement set, 3-4 its provider and reviewer categories,
    # 5 renewal policy, 6 its provider categories, 7 upcoming renewal policies, 8 upcoming
    # requirement sets (none, so none of their categories), 9 edition, 10 domains, 11 their
    # areas.
    with django_assert_num_queries(11):
        client.get(reverse("competencies:detail", args=["IMHS"]))


def test_changing_a_number_in_the_data_changes_the_page(client):
    imhs = EndorsementCategory.objects.get(code="IMHS")
    rs = selectors.requirement_set_in_effect(category=imhs, on=date.today())
    rs.rsc_hours = Decimal("60")
    rs.save()

    section = client.get(LIST).content.decode().split('id="category-IMHS"')[1]

    assert "At least 60 hours of reflective supervision" in section


# --- The rules published after the December 2026 review, in plain words ---------------------


def _section(html: str, code: str) -> str:
    return html.split(f'id="category-{code}"')[1].split("</article>")[0]


def test_list_states_the_new_rules_of_a_category_in_plain_words(client):
    html = client.get(LIST).content.decode()
    ifs, policy = _section(html, "IFS"), _section(html, "IMHM-P")

    assert "The hours must be received over no less than 12 and no more than 24 months." in ifs
    assert (
        "More than 50% of them must come from one provider and the rest from no more than 1 "
        "other provider." in ifs
    )
    assert (
        "The raters must include the current or most recent supervisor and the RSC provider." in ifs
    )
    assert "Specialized work and RSC count when they are about infants" in ifs
    assert "A training counts only when it covers at least one competency area." in ifs
    assert "Reviewers hold a current IFS, IFRS, IMHS" in ifs
    assert "3 years of leadership in policy" in policy
    assert "if you provide RSC to others, whatever endorsement you hold" in ifs


def test_detail_states_post_graduate_work_and_the_three_year_calendar(client):
    html = client.get(reverse("competencies:detail", args=["IMHS"])).content.decode()

    assert "post-graduate work with infants" in html
    assert "counted from the day you completed the degree above" in html
    assert "Deadlines fall on 31 December 2027 and every 3 years after." in html
    assert "nothing is owed on the day of endorsement" in html
    assert "for a deadline from 1 January 2024 are next due on the first of these" in html


@pytest.fixture
def announced_change():
    """An association announces new IFS rules from 1 July 2027 (in the admin, through the
    service the admin uses)."""
    from competencies import services

    ifs = EndorsementCategory.objects.get(code="IFS")
    current = selectors.requirement_set_in_effect(category=ifs, on=date(2026, 12, 1))
    return services.requirement_set_supersede(
        current=current, effective_from=date(2027, 7, 1), rsc_hours=Decimal("30")
    )


@time_machine.travel(date(2026, 12, 1))
def test_list_and_detail_announce_an_upcoming_requirement_set_with_its_date(
    client, announced_change
):
    listing = _section(client.get(LIST).content.decode(), "IFS")
    detail = client.get(reverse("competencies:detail", args=["IFS"])).content.decode()

    assert "Requirements changing from 1 July 2027" in listing
    assert "At least 30 hours of reflective supervision" in listing.split("changing from")[1]
    assert "At least 24 hours of reflective supervision" in listing.split("changing from")[0]
    assert "Changing from 1 July 2027" in detail
    assert "Applications checked from 1 July 2027 on must meet these requirements." in detail


@time_machine.travel(date(2026, 12, 1))
def test_list_query_count_with_announced_changes(
    client, django_assert_num_queries, announced_change
):
    # As without announced changes, plus 9 the upcoming sets' RSC provider categories and 10
    # their reviewer categories: constant whatever the number of categories.
    with django_assert_num_queries(10):
        client.get(LIST)
