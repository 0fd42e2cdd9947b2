"""Coordinator pages: inbox, assignment, decision, exam sittings."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from applicants.models import Region
from competencies.models import EndorsementCategory
from endorsements.models import Application, ApplicationStatus

from .. import selectors, services
from ..conflicts import CASE_CONFLICT_MESSAGES, case_conflict, conflicts_for
from ..forms import AssignForm, BulkAssignForm, DecisionForm, ExamSittingForm, InboxFilterForm
from ..models import Assignment
from ..snapshot import SECTION_TITLES, checklist_items, completeness, snapshot_sections
from ._auth import coordinator_required
from .compare import compare_reviews

S = ApplicationStatus
PAGE_SIZE = 50


def _sentence(text: str, **values) -> str:
    """A translated sentence with its values, as `{% blocktranslate %}` writes it: the values
    escaped and localized, the translation as written. For the inbox's rows: fifty rows of
    `blocktranslate`s were a third of the page's time."""
    return mark_safe(
        text
        % {
            k: conditional_escape(v if isinstance(v, str) else localize(v))
            for k, v in values.items()
        }
    )


def _inbox_rows(page, today):
    """What each row shows, its sentences written once here rather than by template tags."""
    statuses = {value: str(label) for value, label in S.choices}
    select, for_name = _("Select %(name)s"), _("for %(name)s")
    met_of = _("%(met)s of %(total)s met")
    rows = []
    for application in page:
        assignments = application.inbox_assignments
        last_round = application.current_round or 0
        met, total = completeness(application.checklist)
        profile = getattr(application.applicant, "applicant_profile", None)
        county = profile.work_county if profile else None
        reviewers = [a for a in assignments if a.round == last_round]
        for assignment in reviewers:
            assignment.is_overdue = selectors.assignment_overdue(assignment, application, today)
        age = selectors.age_in_days(application, today)
        name = application.applicant.full_name
        resubmitted = application.status == S.SUBMITTED and last_round > 0
        rows.append(
            {
                "application": application,
                "name": name,
                "status": statuses.get(application.status, application.status),
                "selectable": application.status == S.SUBMITTED and not resubmitted,
                "select_label": _sentence(select, name=name),
                "for_name": _sentence(for_name, name=name),
                "waiting": "–"
                if age is None
                else _sentence(ngettext("%(counter)s day", "%(counter)s days", age), counter=age),
                "checklist": _sentence(met_of, met=met, total=total) if total else "",
                "region": county.region.name if county else "",
                "reviewers": reviewers,
                "overdue": any(a.is_overdue for a in reviewers),
                "resubmitted": resubmitted,
            }
        )
    return rows


def _reviewer_options(reviewers) -> list[tuple[int, str]]:
    """(pk, "Ana Ruiz (2 open)") for the inbox's two reviewer lists, written once for both."""
    return [
        (
            reviewer.pk,
            _sentence(
                ngettext(
                    "%(name)s (%(counter)s open)", "%(name)s (%(counter)s open)", reviewer.load
                ),
                name=reviewer.full_name,
                counter=reviewer.load,
            ),
        )
        for reviewer in reviewers
    ]


@coordinator_required
def inbox(request):
    form = InboxFilterForm(
        request.GET or None,
        status_choices=selectors.INBOX_STATUS_CHOICES,
        categories=EndorsementCategory.objects.filter(active=True).order_by("order", "code"),
        regions=Region.objects.order_by("order", "name"),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    status = filters.get("status")
    applications = selectors.inbox_applications(
        statuses=[status] if status else selectors.INBOX_STATUSES,
        category_id=getattr(filters.get("category"), "pk", None),
        region_id=getattr(filters.get("region"), "pk", None),
        newest_first=filters.get("sort") == "newest",
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "review/inbox.html",
        {
            "filter_form": form,
            "rows": _inbox_rows(selectors.inbox_page_load(page.object_list), timezone.localdate()),
            "page": page,
            "reviewers": _reviewer_options(selectors.reviewers_by_load()),
            "query": query.urlencode(),
        },
    )


@require_POST
@coordinator_required
def inbox_assign(request):
    ids = [int(v) for v in request.POST.getlist("applications") if v.isdigit()]
    reviewers = selectors.reviewers_with_load()
    form = BulkAssignForm(request.POST, reviewers=reviewers, application_ids=ids)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("review:inbox")
    applications = list(
        Application.objects.filter(pk__in=form.cleaned_data["applications"], status=S.SUBMITTED)
        .select_related("category", "requirement_set", "applicant")
        .order_by("submitted_at", "pk")
    )
    result = services.assignment_bulk_create(
        applications=applications, reviewers=form.reviewers, actor=request.user
    )
    if result.assigned:
        count = len(result.assigned)
        names = [r.full_name for r in form.reviewers]
        if len(names) == 1:
            text = ngettext(
                "Assigned %(count)d application to %(first)s.",
                "Assigned %(count)d applications to %(first)s.",
                count,
            )
        else:
            text = ngettext(
                "Assigned %(count)d application to %(first)s and %(second)s.",
                "Assigned %(count)d applications to %(first)s and %(second)s.",
                count,
            )
        messages.success(
            request,
            text % {"count": count, "first": names[0], "second": names[-1]},
        )
    for application, problems in result.refused:
        messages.error(
            request,
            _("Not assigned: %(name)s (%(code)s). %(problems)s Open the application to assign it.")
            % {
                "name": application.applicant.full_name,
                "code": application.category.code,
                "problems": " ".join(str(p) for p in problems),
            },
        )
    for application in result.failed:
        messages.error(
            request,
            _(
                "Not assigned because of an error: %(name)s (%(code)s). Nothing was changed "
                "for this application; try again."
            )
            % {"name": application.applicant.full_name, "code": application.category.code},
        )
    return redirect("review:inbox")


@coordinator_required
def assign(request, pk: int):
    application = selectors.application_for_coordinator(user=request.user, pk=pk)
    if application.status != S.SUBMITTED:
        messages.info(request, _("This application has its reviewers already."))
        return redirect("review:decide", pk=application.pk)
    required = services.reviewers_required(application)
    reviewers = selectors.reviewers_with_load().exclude(pk=application.applicant_id)
    candidates = list(reviewers)
    flags = conflicts_for(application=application, reviewers=candidates)
    form = AssignForm(request.POST or None, reviewers=reviewers, required=required)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_create(
                application=application,
                reviewers=list(form.cleaned_data["reviewers"]),
                actor=request.user,
                override_reason=form.reason,
            )
        except services.AssignmentRefused as problem:
            refused = problem.messages
            for message in problem.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, _("Reviewers assigned. They have been emailed with the due date.")
            )
            return redirect("review:inbox")
    return render(
        request,
        "review/assign.html",
        {
            "application": application,
            "form": form,
            "required": required,
            "candidates": [(r, flags.get(r.pk, [])) for r in candidates],
            "refused": refused,
            "met_total": completeness((application.snapshot or {}).get("checklist")),
            "checklist": checklist_items(application.snapshot),
        },
    )


@require_POST
@coordinator_required
def resubmission_return(request, pk: int):
    application = selectors.application_for_coordinator(user=request.user, pk=pk)
    created = services.application_resubmitted_assign_same_reviewers(
        application=application, actor=request.user
    )
    if created:
        messages.success(request, _("The resubmitted application is back with the same reviewers."))
    else:
        messages.error(
            request, _("This application is not a resubmission waiting for its reviewers.")
        )
    return redirect("review:inbox")


@coordinator_required
def decide(request, pk: int):
    """The application page for staff: the frozen portfolio, the checklist at submission and
    now, the reviewers with their due dates, the reviews, the decision and the history."""
    application = selectors.application_for_coordinator(user=request.user, pk=pk)
    round_ = selectors.current_round(application)
    assignments = selectors.round_assignments(application, round_) if round_ else []
    today = timezone.localdate()
    for assignment in assignments:
        assignment.is_overdue = selectors.assignment_overdue(assignment, application, today)
    reviews = [services.review_of(a) for a in assignments]
    complete = services.round_complete(assignments)
    recommendations = [r.recommendation for r in reviews if r and r.is_submitted]
    held = services.held_decision(application)
    outcomes = services.outcomes_allowed(application) if held is None else []
    can_decide = bool(outcomes) and (application.status == S.EXAM_PENDING or complete)
    unmet = {
        outcome: services.unmet_items(application, outcome=outcome)
        for outcome in outcomes
        if outcome in services.decisions.AFFIRMING
    }
    unmet_any = next((items for items in unmet.values() if items), [])
    # The service refuses it too; the page says so instead of offering the form.
    conflict = case_conflict(actor=request.user, subject=application.applicant)
    form = DecisionForm(
        request.POST or None,
        outcomes=outcomes,
        recommendations=recommendations if application.status == S.IN_REVIEW else [],
        unmet=unmet,
    )
    if request.method == "POST":
        if not can_decide:
            messages.error(request, _("This application cannot be decided now."))
            return redirect("review:decide", pk=pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.application_decide(
                    application=application,
                    outcome=data["outcome"],
                    actor=request.user,
                    feedback=data.get("feedback", ""),
                    reopened_sections=data.get("reopened_sections", []),
                    tie_break_reason=data.get("tie_break_reason", ""),
                    unmet_reason=data.get("unmet_reason", ""),
                    hold=data.get("hold", False),
                    request=request,
                )
            except services.UnmetItemsNeedReason as refused:
                field = "unmet_reason" if "unmet_reason" in form.fields else None
                form.add_error(field, str(refused))
            except services.DecisionRefused as refused:
                messages.error(request, str(refused))
                return redirect("review:decide", pk=pk)
            else:
                application.refresh_from_db()
                if data.get("hold"):
                    messages.success(
                        request,
                        _(
                            "Decision held. Release it from the held decisions list: the "
                            "applicant is told then."
                        ),
                    )
                else:
                    messages.success(
                        request,
                        _("Decision recorded: the application is now %(status)s.")
                        % {"status": str(application.get_status_display()).lower()},
                    )
                return redirect("review:decide", pk=pk)
    all_assignments = list(
        Assignment.objects.filter(application=application)
        .select_related("reviewer", "assigned_by")
        .order_by("round", "pk")
    )
    previous = application.previous_snapshot if round_ > 1 else None
    return render(
        request,
        "review/decide.html",
        {
            "application": application,
            "round": round_,
            "assignments": assignments,
            "complete": complete,
            "comparison": compare_reviews(assignments, reviews) if complete else None,
            "form": form,
            "can_decide": can_decide,
            "held": held,
            "unmet": unmet_any,
            "unmet_by_outcome": unmet,
            "events": selectors.application_history(application),
            "conflict_message": CASE_CONFLICT_MESSAGES[conflict] if conflict else "",
            "overrides": [a for a in all_assignments if a.override_reason],
            "decisions": selectors.decisions_for(application),
            "sittings": selectors.exam_sittings_for(application),
            "section_titles": SECTION_TITLES,
            "reopened": [SECTION_TITLES.get(s, s) for s in application.reopened_sections or []],
            "snapshot_checklist": checklist_items(application.snapshot),
            "live": selectors.live_checklist(application),
            "sections": snapshot_sections(application.snapshot, previous),
            "can_return": application.status == S.SUBMITTED and not all_assignments,
            "credential": selectors.credential_of(application),
        },
    )


@coordinator_required
def exam_record(request, pk: int):
    application = selectors.application_for_coordinator(user=request.user, pk=pk)
    if application.status != S.EXAM_PENDING:
        raise Http404("This application is not approved to sit the exam.")
    reviewers = selectors.reviewers_with_load()
    form = ExamSittingForm(
        request.POST or None,
        request.FILES or None,
        reviewers=reviewers,
        applicant=application.applicant,
        excluded=services.scorers_excluded(application, reviewers),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sitting = services.exam_sitting_record(
                application=application,
                sat_on=data["sat_on"],
                part1_score=data["part1_score"],
                scorers=list(data["scorers"]),
                actor=request.user,
                part2_answers=data.get("part2_answers", ""),
                part2_upload=data.get("part2_file"),
            )
        except services.ExamRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("Sitting recorded as candidate %(code)s. The scorers have been emailed.")
                % {"code": sitting.candidate_code},
            )
            return redirect("review:decide", pk=pk)
    retake_on = services.exams.earliest_next_sitting(application)
    return render(
        request,
        "review/exam_record.html",
        {
            "application": application,
            "form": form,
            "retake_on": retake_on,
            "pass_mark": application.requirement_set.exam_pass_mark_percent
            if application.requirement_set
            else 80,
            "cancel_url": reverse("review:decide", args=[pk]),
        },
    )
