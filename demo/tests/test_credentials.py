import pytest

from demo.accounts import demo_accounts_ensure
from demo.credentials import demo_reviewer_endorsements
from endorsements.models import Endorsement

pytestmark = pytest.mark.django_db


def test_demo_reviewers_hold_imhs_and_ifrs_with_certificates_once():
    demo_accounts_ensure()

    assert demo_reviewer_endorsements() == 4
    assert demo_reviewer_endorsements() == 0

    held = Endorsement.objects.filter(holder__email="reviewer@example.org")
    assert sorted(held.values_list("category__code", flat=True)) == ["IFRS", "IMHS"]
    assert all(e.is_current and e.certificate_file for e in held)
    assert not Endorsement.objects.filter(holder__email="applicant@example.org").exists()
