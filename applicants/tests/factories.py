import io
from datetime import date
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.factories import UserFactory
from applicants import services
from applicants.models import (
    Agency,
    ApplicantProfile,
    County,
    Document,
    Education,
    Language,
    LeadershipActivity,
    Training,
    WorkExperience,
)
from applicants.uploads import check_upload


def pdf_bytes(*, pages: int = 1, password: str | None = None) -> bytes:
    """A small valid PDF (optionally encrypted), made with pypdf."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes(*, size=(4, 4)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 30, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def upload(
    name: str = "transcript.pdf", content: bytes | None = None, content_type="application/pdf"
):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type)


def stored_pdf(*, owner, name: str = "transcript.pdf"):
    """A StoredFile with a real PDF behind it, stored through the service."""
    return services.stored_file_create(owner=owner, upload=check_upload(upload(name)))


def login_verified(client, user) -> None:
    """Log `user` in with a passed second factor, as staff must be to see staff pages."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def county(name: str = "Hartford") -> County:
    return County.objects.get(name=name)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Family Services {n}")
    program_type = "home_visiting"
    county = factory.LazyFunction(lambda: County.objects.order_by("pk").first())


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicantProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    phone = "860-555-0100"
    work_county = factory.LazyFunction(lambda: County.objects.order_by("pk").first())
    agency = factory.SubFactory(AgencyFactory)
    job_title = "Home visitor"
    membership_number = factory.Sequence(lambda n: f"CT-{1000 + n}")
    membership_expires_on = date(2030, 6, 30)

    @factory.post_generation
    def membership_record(self, create, extracted, **kwargs):
        """The association's record behind the typed number and date (the checklist reads
        records, not what the applicant typed): from 2000 to `membership_expires_on`.
        `membership_record=False` leaves the typed values as they are, with no record."""
        if not create or extracted is False or self.membership_expires_on is None:
            return
        from memberships.tests.factories import MembershipFactory

        MembershipFactory(
            person=self.user,
            number=self.membership_number,
            starts_on=min(date(2000, 1, 1), self.membership_expires_on),
            ends_on=self.membership_expires_on,
        )

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        names = ["English"] if extracted is None else extracted
        self.languages.set(Language.objects.filter(name__in=names))


class EducationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Education

    user = factory.SubFactory(UserFactory)
    degree_level = "bachelor"
    field_of_study = "Child development"
    institution = "University of Connecticut"
    year = 2015
    completed_on = factory.LazyAttribute(lambda o: date(o.year, 5, 15))


class WorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkExperience

    user = factory.SubFactory(UserFactory)
    employer = "Hartford Healthy Start"
    role = "Home visitor"
    kind = "direct"
    start_date = date(2020, 1, 1)
    end_date = date(2022, 12, 31)
    hours_per_week = Decimal("37.5")
    families_served = 25
    age_band = "infant"


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Attachment and trauma, part {n}")
    provider = "CT-AIMH"
    date = date(2024, 3, 14)
    minutes = factory.LazyAttribute(lambda o: _minutes(o.hours))
    format = "in_person"

    class Params:
        hours = Decimal("6")  # the length as people write it; stored in minutes

    @factory.post_generation
    def competencies(self, create, extracted, **kwargs):
        """Tagged with one competency area unless told otherwise (`competencies=[]`): only
        tagged trainings count toward the hours of the shipped rules."""
        if not create:
            return
        if extracted is None:
            from competencies.models import Competency

            first = Competency.objects.order_by("domain__order", "order", "pk").first()
            extracted = [first] if first else []
        self.competencies.set(extracted)


def _minutes(hours) -> int:
    minutes = Decimal(hours) * 60
    if minutes != minutes.to_integral_value():
        raise ValueError(f"{hours} hours is not a whole number of minutes")
    return int(minutes)


class LeadershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadershipActivity

    user = factory.SubFactory(UserFactory)
    kind = "policy"
    title = "Chair, early childhood policy council"
    organisation = "State Office of Early Childhood"
    start_date = date(2019, 1, 1)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    user = factory.SubFactory(UserFactory)
    kind = "cv"
    title = "CV, March 2026"
    file = factory.LazyAttribute(lambda d: stored_pdf(owner=d.user, name="cv.pdf"))
