"""Writes for the applicant's profile, evidence and uploaded files.

Evidence services take the form's cleaned data (`data`: model field values only) and, where a
section carries a file, a `CheckedUpload` from `applicants.uploads`. Files are written to the
private storage before the row that points at them; a file that loses its row is deleted only
after the transaction commits, so a rollback never leaves a row pointing at nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from accounts.models import User
from accounts.services import user_name_correct
from core.files import store_atomically
from memberships.services import membership_claim_submit

from .models import (
    Agency,
    ApplicantProfile,
    County,
    Document,
    Education,
    Language,
    LeadershipActivity,
    StoredFile,
    Training,
    VerifiedChoice,
    WorkExperience,
)
from .uploads import CheckedUpload, private_storage, storage_name_for

# --- Files ------------------------------------------------------------------------------------


def stored_file_create(*, owner: User, upload: CheckedUpload) -> StoredFile:
    """Save a checked upload under a random name in the private storage and record it.

    Side effects, in order: the file in the private storage, written under a temporary name
    and moved into place only when complete (a full disk raises `core.files.StorageFull` and
    leaves nothing behind); the StoredFile row.
    """
    upload.file.seek(0)
    name = store_atomically(private_storage(), storage_name_for(upload.kind), upload.file)
    return StoredFile.objects.create(
        owner=owner,
        storage_name=name,
        original_name=upload.original_name,
        kind=upload.kind,
        size=upload.size,
        sha256=upload.sha256,
    )


def stored_file_discard(*, stored_file: StoredFile | None) -> None:
    """Forget a file that its evidence no longer uses, unless something retained it.

    Side effects, in order: the StoredFile row deleted; after commit, the stored bytes deleted.
    A retained file (kept for a submitted application's snapshot), or one another app's row
    protects, is left as it is.
    """
    if stored_file is None or stored_file.retained:
        return
    name = stored_file.storage_name
    try:
        with transaction.atomic():
            stored_file.delete()
    except (ProtectedError, RestrictedError):
        # Another app still points at it (a review snapshot, an exam paper): keep it.
        return
    transaction.on_commit(lambda: private_storage().delete(name), robust=True)


def stored_files_retain(*, ids: Iterable[int]) -> int:
    """Keep these files even when their evidence is edited or deleted (for snapshots).

    Side effects: `retained` set on the rows. Returns how many rows were updated.
    """
    return StoredFile.objects.filter(pk__in=list(ids)).update(retained=True)


def _replace_file(
    *, instance, field: str, owner: User, upload: CheckedUpload | None, remove: bool
) -> StoredFile | None:
    """Attach a new upload to `instance.<field>` or remove it; discard what it replaces."""
    old = getattr(instance, field)
    if upload is not None:
        setattr(instance, field, stored_file_create(owner=owner, upload=upload))
    elif remove:
        setattr(instance, field, None)
    else:
        return None
    return old


# --- Profile ----------------------------------------------------------------------------------


def agency_get_or_create(*, name: str, program_type: str, county: County) -> Agency:
    """The agency with this name in this county (any capitalisation), created if new."""
    name = " ".join(name.split())
    agency = Agency.objects.filter(name__iexact=name, county=county).first()
    if agency is None:
        agency = Agency.objects.create(name=name, program_type=program_type, county=county)
    return agency


@transaction.atomic
def profile_update(
    *,
    user: User,
    data: dict,
    given_name: str | None = None,
    family_name: str | None = None,
    languages: Iterable[Language] = (),
    new_agency_name: str = "",
    new_agency_program_type: str = "",
) -> ApplicantProfile:
    """Create or update `user`'s profile from the profile form's cleaned data.

    Side effects, in order: the person's legal (account) name corrected when it changed
    (`accounts.services.user_name_correct`: history and audit); a new Agency when a new name
    was typed; the profile row; its languages; when the membership number or end date typed
    changed, a claim waiting for a coordinator (`memberships.services.membership_claim_submit`:
    what the applicant types is a claim, never a record).
    """
    if given_name is not None and family_name is not None:
        user_name_correct(user=user, given_name=given_name, family_name=family_name, actor=user)
    profile = ApplicantProfile.objects.filter(user=user).first() or ApplicantProfile(user=user)
    typed_before = (profile.membership_number, profile.membership_expires_on)
    for field, value in data.items():
        setattr(profile, field, value)
    if new_agency_name:
        profile.agency = agency_get_or_create(
            name=new_agency_name, program_type=new_agency_program_type, county=profile.work_county
        )
    profile.save()
    profile.languages.set(languages)
    if (profile.membership_number, profile.membership_expires_on) != typed_before:
        membership_claim_submit(
            person=user, number=profile.membership_number, ends_on=profile.membership_expires_on
        )
    return profile


# --- Evidence ---------------------------------------------------------------------------------


def _save(instance, data: dict):
    for field, value in data.items():
        setattr(instance, field, value)
    instance.save()
    return instance


@transaction.atomic
def education_create(
    *, user: User, data: dict, transcript: CheckedUpload | None = None
) -> Education:
    """Record a degree. Side effects, in order: the transcript file (if any); the row."""
    education = Education(user=user)
    if transcript is not None:
        education.transcript = stored_file_create(owner=user, upload=transcript)
    return _save(education, data)


@transaction.atomic
def education_update(
    *,
    education: Education,
    data: dict,
    transcript: CheckedUpload | None = None,
    remove_transcript: bool = False,
) -> Education:
    """Change a degree; a new transcript replaces the old one, which is discarded.

    Side effects, in order: the new file (if any); the row; the replaced file discarded.
    """
    old = _replace_file(
        instance=education,
        field="transcript",
        owner=education.user,
        upload=transcript,
        remove=remove_transcript,
    )
    _save(education, data)
    stored_file_discard(stored_file=old)
    return education


@transaction.atomic
def education_delete(*, education: Education) -> None:
    """Delete a degree. Side effects: the row; its transcript discarded."""
    transcript = education.transcript
    education.delete()
    stored_file_discard(stored_file=transcript)


def work_create(*, user: User, data: dict) -> WorkExperience:
    """Record a job or volunteer post. Side effects: the row."""
    return _save(WorkExperience(user=user), data)


def work_update(*, work: WorkExperience, data: dict) -> WorkExperience:
    """Change a job. Side effects: the row."""
    return _save(work, data)


def work_delete(*, work: WorkExperience) -> None:
    """Delete a job. Side effects: the row."""
    work.delete()


@transaction.atomic
def training_create(
    *,
    user: User,
    data: dict,
    competency_ids: Iterable[int] = (),
    certificate: CheckedUpload | None = None,
) -> Training:
    """Record a training. Side effects, in order: the certificate file; the row; its areas."""
    training = Training(user=user)
    if certificate is not None:
        training.certificate = stored_file_create(owner=user, upload=certificate)
    _save(training, data)
    _training_competencies_set(training=training, competency_ids=competency_ids)
    return training


@transaction.atomic
def training_update(
    *,
    training: Training,
    data: dict,
    competency_ids: Iterable[int] = (),
    certificate: CheckedUpload | None = None,
    remove_certificate: bool = False,
) -> Training:
    """Change a training. Side effects, in order: the new certificate; the row; its areas;
    the replaced certificate discarded."""
    old = _replace_file(
        instance=training,
        field="certificate",
        owner=training.user,
        upload=certificate,
        remove=remove_certificate,
    )
    _save(training, data)
    _training_competencies_set(training=training, competency_ids=competency_ids)
    stored_file_discard(stored_file=old)
    return training


def _training_competencies_set(*, training: Training, competency_ids: Iterable[int]) -> None:
    training.competencies.set(list(competency_ids))


@transaction.atomic
def training_record_verified(
    *,
    user: User,
    data: dict,
    competency_ids: Iterable[int],
    training: Training | None = None,
) -> Training:
    """Record (or bring up to date) a training its provider verified with an attendance
    roster: the catalog training's facts and the minutes the person attended. Called by
    trainings/ only. `training` is the person's row for it when there is one (a training they
    had logged themselves from the catalog turns verified: no second row). The person's
    choice to accept or hide it is kept.

    Side effects, in order: the row (verified); its competency areas.
    """
    training = training or Training(user=user)
    training.verified = True
    _save(training, data)
    _training_competencies_set(training=training, competency_ids=competency_ids)
    return training


def training_verified_choose(*, training: Training, choice: str) -> Training:
    """The person accepts or hides a verified training (a hidden one is not counted).

    Side effects: the row's choice."""
    if not training.verified or choice not in (VerifiedChoice.ACCEPTED, VerifiedChoice.HIDDEN):
        raise ValueError("only a verified training is accepted or hidden")
    training.verified_choice = choice
    training.save(update_fields=["verified_choice", "updated_at"])
    return training


@transaction.atomic
def training_delete(*, training: Training) -> None:
    """Delete a training. Side effects: the row (and its areas); its certificate discarded."""
    certificate = training.certificate
    training.delete()
    stored_file_discard(stored_file=certificate)


def leadership_create(*, user: User, data: dict) -> LeadershipActivity:
    """Record a leadership activity. Side effects: the row."""
    return _save(LeadershipActivity(user=user), data)


def leadership_update(*, activity: LeadershipActivity, data: dict) -> LeadershipActivity:
    """Change a leadership activity. Side effects: the row."""
    return _save(activity, data)


def leadership_delete(*, activity: LeadershipActivity) -> None:
    """Delete a leadership activity. Side effects: the row."""
    activity.delete()


@transaction.atomic
def document_create(*, user: User, data: dict, file: CheckedUpload) -> Document:
    """Record a document. Side effects, in order: the file; the row."""
    document = Document(user=user, file=stored_file_create(owner=user, upload=file))
    return _save(document, data)


@transaction.atomic
def document_update(
    *, document: Document, data: dict, file: CheckedUpload | None = None
) -> Document:
    """Change a document's details or replace its file.

    Side effects, in order: the new file (if any); the row; the replaced file discarded.
    """
    old = _replace_file(
        instance=document, field="file", owner=document.user, upload=file, remove=False
    )
    _save(document, data)
    stored_file_discard(stored_file=old)
    return document


@transaction.atomic
def document_delete(*, document: Document) -> None:
    """Delete a document. Side effects: the row; its file discarded."""
    stored_file = document.file
    document.delete()
    stored_file_discard(stored_file=stored_file)
