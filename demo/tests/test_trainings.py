import pytest

from demo.accounts import demo_accounts_ensure
from demo.trainings import demo_trainings
from trainings.models import Attendance, CatalogTraining, Invitation

pytestmark = pytest.mark.django_db


def test_demo_has_the_seed_training_with_its_roster_and_runs_twice():
    demo_accounts_ensure()

    demo_trainings()
    demo_trainings()

    seed = CatalogTraining.objects.get(title__startswith="Caring, Coping and Competence")
    assert seed.is_approved and seed.minutes == 720
    assert {a.person.email: a.minutes for a in Attendance.objects.filter(training=seed)} == {
        "applicant@example.org": 720,
        "reviewer@example.org": 360,
    }
    assert Invitation.objects.get().email == "rosa.delgado@example.net"
    assert CatalogTraining.objects.count() == 5
    assert CatalogTraining.objects.filter(status="pending").count() == 1
