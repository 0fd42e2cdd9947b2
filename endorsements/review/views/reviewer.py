"""Reviewer pages: queue, review, declared conflicts, part 2 scoring."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competencies.selectors import domains_for_category, domains_for_edition, edition_in_effect
from endorsements.models import ApplicationStatus

from .. import selectors, services
from ..forms import ConflictForm, Part2ScoreForm, ReviewForm
from ..models import Recommendation
from ..snapshot import SECTIONS, checklist_items, snapshot_sections
from ._auth import reviewer_required
from .compare import compare_reviews


@reviewer_required
def queue(request):
    assignments = list(selectors.reviewer_queue(user=request.user))
    scores = list(selectors.exam_scores_for_scorer(user=request.user))
    return render(
        request,
        "review/queue.html",
        {
            "open": [
                a
                for a in assignments
                if a.completed_at is None and a.application.status == ApplicationStatus.IN_REVIEW
            ],
            "done": [
                a
                for a in assignments
                if not (
                    a.completed_at is None and a.application.status == ApplicationStatus.IN_REVIEW
                )
            ],
            "scores": scores,
            "today": timezone.localdate(),
        },
    )


def _domains(application):
    on = application.submitted_at.date() if application.submitted_at else None
    edition = edition_in_effect(on=on) if on else None
    if edition is None:
        return []
    return domains_for_category(
        category=application.category, domains=domains_for_edition(edition=edition)
    )


@login_required
def review(request, pk: int):
    assignment = selectors.assignment_for_reviewer(user=request.user, pk=pk)
    application = assignment.application
    current = services.review_of(assignment)
    editable = (
        application.status == ApplicationStatus.IN_REVIEW
        and (current is None or not current.is_submitted)
        and assignment.round == selectors.current_round(application)
    )
    # Which button: by its name, so that no English code sits in a button's value.
    submitting = "submit_review" in request.POST
    form_kwargs = {
        "sections": SECTIONS,
        "domains": _domains(application),
        # Outside review the form is only shown read-only: any recommendation may be displayed.
        "recommendations": services.recommendations_allowed(application)
        or list(Recommendation.values),
    }
    if request.method == "POST" and editable:
        form = ReviewForm(request.POST, draft=not submitting, **form_kwargs)
        if form.is_valid():
            try:
                services.review_save(assignment=assignment, submit=submitting, **form.values())
            except services.ReviewLocked as locked:
                messages.error(request, str(locked))
            else:
                if submitting:
                    messages.success(request, _("Your review is submitted. Thank you."))
                    return redirect("review:queue")
                messages.success(
                    request, _("Your draft is saved. Submit the review when you are ready.")
                )
                return redirect("review:review", pk=pk)
    else:
        prefilled = None
        if current is None and editable and assignment.round > 1:
            # Round 2 and later start from the reviewer's own answers of the round before;
            # what changed in the portfolio is marked on the page.
            prefilled = selectors.previous_review(assignment)
        form = ReviewForm(initial=ReviewForm.initial_from(current or prefilled), **form_kwargs)
        if prefilled is not None:
            messages.info(
                request,
                _(
                    "Your answers from round %(round)s are filled in. The sections marked "
                    "“Changed” are what the applicant changed: check them before you submit."
                )
                % {"round": assignment.round - 1},
            )
    round_assignments = selectors.round_assignments(application, assignment.round)
    others = [a for a in round_assignments if a.pk != assignment.pk]
    both_done = services.round_complete(round_assignments)
    previous = application.previous_snapshot if assignment.round > 1 else None
    return render(
        request,
        "review/review.html",
        {
            "assignment": assignment,
            "application": application,
            "review": current,
            "form": form,
            "editable": editable,
            "section_rows": [
                (section, met, comment)
                for section, (_, met, comment) in zip(
                    snapshot_sections(application.snapshot, previous),
                    form.section_fields(),
                    strict=True,
                )
            ],
            "show_diff": bool(previous),
            "checklist": checklist_items(application.snapshot),
            "others": others,
            "comparison": compare_reviews(
                round_assignments, [services.review_of(a) for a in round_assignments]
            )
            if both_done and others
            else None,
        },
    )


@reviewer_required
def conflicts(request):
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.conflict_declare(
            reviewer=request.user,
            agency=form.cleaned_data.get("agency"),
            person=form.cleaned_data.get("person"),
            note=form.cleaned_data.get("note", ""),
        )
        messages.success(
            request, _("Your conflict is recorded. You will be flagged for their applications.")
        )
        return redirect("review:conflicts")
    return render(
        request,
        "review/conflicts.html",
        {"form": form, "conflicts": list(selectors.conflicts_for_reviewer(user=request.user))},
    )


@require_POST
@reviewer_required
def conflict_delete(request, pk: int):
    conflict = selectors.conflict_get_for_reviewer(user=request.user, pk=pk)
    services.conflict_withdraw(conflict=conflict)
    messages.success(request, _("The conflict is removed."))
    return redirect("review:conflicts")


@login_required
def exam_score(request, pk: int):
    score = selectors.part2_score_for_scorer(user=request.user, pk=pk)
    form = Part2ScoreForm(request.POST or None)
    if request.method == "POST" and score.scored_at is None and form.is_valid():
        try:
            services.part2_score_record(
                score=score,
                passed=form.cleaned_data["result"] == "pass",
                comment=form.cleaned_data.get("comment", ""),
                actor=request.user,
            )
        except services.ExamRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("Your score for %(code)s is recorded.") % {"code": score.sitting.candidate_code},
            )
            return redirect("review:queue")
    return render(
        request, "review/exam_score.html", {"score": score, "sitting": score.sitting, "form": form}
    )
