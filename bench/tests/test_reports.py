from datetime import date

import pytest

from bench.reports import raw_group_by, report_rows
from endorsements.reports.tests.factories import endorse, lapse, person, renew

pytestmark = pytest.mark.django_db


def test_bench_hooks_agree(django_assert_num_queries):
    a = person(county="Hartford", program_type="birth_to_three")
    e, h = endorse(a, "IFA", on=date(2023, 1, 1))
    endorse(a, "IFS", on=date(2023, 2, 1))
    lapse(e, h, on=date(2024, 2, 1))
    renew(e, h, on=date(2024, 5, 1))
    endorse(person(county="New London", program_type="ece"), "IMHS", on=date(2022, 1, 1))
    endorse(person(county=None), "IFA", on=date(2022, 1, 1))

    for day in (date(2023, 1, 15), date(2024, 3, 1), date(2024, 6, 1)):
        assert report_rows(day) == raw_group_by(day)
    with django_assert_num_queries(1):
        raw_group_by(date(2024, 6, 1))
    assert report_rows(date(2024, 6, 1))[0][1] == 1  # North Central: one person, two categories
