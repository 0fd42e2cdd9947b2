"""Downloads for reviewers and scorers, after checking who is asking."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_GET

from applicants.selectors import stored_file_for_owner
from applicants.uploads import file_response
from core.audit import audit_record
from core.models import AuditAction
from endorsements.models import Application, ApplicationStatus

from .. import selectors
from ..snapshot import file_ids


@require_GET
@login_required
def file_download(request, pk: int, file_id: int):
    """A file of the snapshot, for a reviewer assigned to the application or a coordinator.

    The file must be one the snapshot (or the previous snapshot) refers to: a reviewer never
    reaches the applicant's other files. Sent as an attachment.
    """
    application = Application.objects.exclude(status=ApplicationStatus.DRAFT).filter(pk=pk).first()
    if application is None:
        raise Http404("No such file.")
    allowed = request.user.is_coordinator or selectors.reviewer_can_see_application(
        user=request.user, application=application
    )
    if not allowed or file_id not in file_ids(application.snapshot) | file_ids(
        application.previous_snapshot
    ):
        raise Http404("No such file.")
    stored_file = stored_file_for_owner(owner_id=application.applicant_id, pk=file_id)
    audit_record(action=AuditAction.FILE_DOWNLOADED, request=request, target=stored_file)
    return file_response(stored_file)


@require_GET
@login_required
def exam_answers_download(request, pk: int):
    """Part 2 answers for the scorer, named by candidate code only (blind scoring)."""
    score = selectors.part2_score_for_scorer(user=request.user, pk=pk)
    stored = score.sitting.part2_file
    if stored is None:
        raise Http404("No file for this paper.")
    audit_record(action=AuditAction.FILE_DOWNLOADED, request=request, target=stored)
    response = file_response(stored)
    extension = {"pdf": "pdf", "png": "png", "jpeg": "jpg"}[stored.kind]
    response["Content-Disposition"] = (
        f'attachment; filename="answers-{score.sitting.candidate_code}.{extension}"'
    )
    return response
