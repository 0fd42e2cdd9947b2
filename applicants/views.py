"""Pages of the portfolio: dashboard, profile, the evidence sections and file downloads.

The five evidence sections share four views (list / add / change / delete), configured by a
`Section` each: the URLconf passes the section's slug. A person only ever sees and changes
their own entries; someone else's answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.audit import audit_record
from core.models import AuditAction
from memberships import selectors as membership_selectors

from . import forms, selectors, services
from .models import VerifiedChoice
from .uploads import file_response


@dataclass(frozen=True)
class Section:
    slug: str
    title: str  # the section's heading
    noun: str  # one entry ("degree or qualification")
    saved: str  # the message once an entry is added
    changed: str  # ... changed
    deleted: str  # ... deleted (whole sentences: Spanish nouns have genders)
    change_title: str  # the heading of the change page
    save_label: str  # the add page's button
    delete_confirm: str  # the question before deleting
    add_label: str  # the add button
    intro: str
    empty: str  # what to do when there is nothing yet
    form_class: type
    list_for: Callable  # selectors.<x>_list(user=)
    get_for: Callable  # selectors.<x>_get_for_user(user=, pk=)
    create: Callable  # (user, form) -> instance
    update: Callable  # (instance, form) -> instance
    delete: Callable  # (instance) -> None


SECTIONS = {
    "education": Section(
        slug="education",
        title=gettext_lazy("Education"),
        noun=gettext_lazy("degree or qualification"),
        change_title=gettext_lazy("Change degree or qualification"),
        save_label=gettext_lazy("Save degree or qualification"),
        delete_confirm=gettext_lazy("Delete this degree or qualification? This cannot be undone."),
        saved=gettext_lazy("The degree or qualification is saved."),
        changed=gettext_lazy("Your changes to the degree or qualification are saved."),
        deleted=gettext_lazy("The degree or qualification is deleted."),
        add_label=gettext_lazy("Add a degree or qualification"),
        intro=gettext_lazy(
            "Your degrees and credentials, such as a CDA, with a transcript or diploma if you "
            "have one."
        ),
        empty=gettext_lazy(
            "You have not added any education yet. Add your highest degree or credential first."
        ),
        form_class=forms.EducationForm,
        list_for=selectors.education_list,
        get_for=selectors.education_get_for_user,
        create=lambda user, form: services.education_create(
            user=user, data=form.model_data(), transcript=form.cleaned_data["transcript_upload"]
        ),
        update=lambda obj, form: services.education_update(
            education=obj,
            data=form.model_data(),
            transcript=form.cleaned_data["transcript_upload"],
            remove_transcript=form.cleaned_data.get("remove_transcript", False),
        ),
        delete=lambda obj: services.education_delete(education=obj),
    ),
    "work": Section(
        slug="work",
        title=gettext_lazy("Work experience"),
        noun=gettext_lazy("job or post"),
        change_title=gettext_lazy("Change job or post"),
        save_label=gettext_lazy("Save job or post"),
        delete_confirm=gettext_lazy("Delete this job or post? This cannot be undone."),
        saved=gettext_lazy("The job or post is saved."),
        changed=gettext_lazy("Your changes to the job or post are saved."),
        deleted=gettext_lazy("The job or post is deleted."),
        add_label=gettext_lazy("Add a job or post"),
        intro=gettext_lazy(
            "Paid and supervised volunteer work with infants, young children and families, "
            "and any leadership or reflective supervision you provide."
        ),
        empty=gettext_lazy("You have not added any work yet. Add your current job first."),
        form_class=forms.WorkForm,
        list_for=selectors.work_list,
        get_for=selectors.work_get_for_user,
        create=lambda user, form: services.work_create(user=user, data=form.model_data()),
        update=lambda obj, form: services.work_update(work=obj, data=form.model_data()),
        delete=lambda obj: services.work_delete(work=obj),
    ),
    "training": Section(
        slug="training",
        title=gettext_lazy("In-service training"),
        noun=gettext_lazy("training"),
        change_title=gettext_lazy("Change training"),
        save_label=gettext_lazy("Save training"),
        delete_confirm=gettext_lazy("Delete this training? This cannot be undone."),
        saved=gettext_lazy("The training is saved."),
        changed=gettext_lazy("Your changes to the training are saved."),
        deleted=gettext_lazy("The training is deleted."),
        add_label=gettext_lazy("Add a training"),
        intro=gettext_lazy(
            "Workshops, courses and conferences, with the competency areas each one covered."
        ),
        empty=gettext_lazy(
            "You have not added any training yet. Add each training you have attended."
        ),
        form_class=forms.TrainingForm,
        list_for=selectors.training_list,
        # A verified training (its provider's roster) is accepted or hidden, never changed.
        get_for=selectors.training_get_editable_for_user,
        create=lambda user, form: services.training_create(
            user=user,
            data=form.model_data(),
            competency_ids=[c.pk for c in form.cleaned_data["competencies"]],
            certificate=form.cleaned_data["certificate_upload"],
        ),
        update=lambda obj, form: services.training_update(
            training=obj,
            data=form.model_data(),
            competency_ids=[c.pk for c in form.cleaned_data["competencies"]],
            certificate=form.cleaned_data["certificate_upload"],
            remove_certificate=form.cleaned_data.get("remove_certificate", False),
        ),
        delete=lambda obj: services.training_delete(training=obj),
    ),
    "leadership": Section(
        slug="leadership",
        title=gettext_lazy("Leadership activities"),
        noun=gettext_lazy("leadership activity"),
        change_title=gettext_lazy("Change leadership activity"),
        save_label=gettext_lazy("Save leadership activity"),
        delete_confirm=gettext_lazy("Delete this leadership activity? This cannot be undone."),
        saved=gettext_lazy("The leadership activity is saved."),
        changed=gettext_lazy("Your changes to the leadership activity are saved."),
        deleted=gettext_lazy("The leadership activity is deleted."),
        add_label=gettext_lazy("Add a leadership activity"),
        intro=gettext_lazy(
            "Policy, faculty, research and administration work. Only the Mentor categories "
            "need this section."
        ),
        empty=gettext_lazy(
            "You have not added any leadership activities. You need them only if you apply "
            "for a Mentor category."
        ),
        form_class=forms.LeadershipForm,
        list_for=selectors.leadership_list,
        get_for=selectors.leadership_get_for_user,
        create=lambda user, form: services.leadership_create(user=user, data=form.model_data()),
        update=lambda obj, form: services.leadership_update(activity=obj, data=form.model_data()),
        delete=lambda obj: services.leadership_delete(activity=obj),
    ),
    "documents": Section(
        slug="documents",
        title=gettext_lazy("Documents"),
        noun=gettext_lazy("document"),
        change_title=gettext_lazy("Change document"),
        save_label=gettext_lazy("Save document"),
        delete_confirm=gettext_lazy("Delete this document? This cannot be undone."),
        saved=gettext_lazy("The document is saved."),
        changed=gettext_lazy("Your changes to the document are saved."),
        deleted=gettext_lazy("The document is deleted."),
        add_label=gettext_lazy("Upload a document"),
        intro=gettext_lazy("Your CV, licenses and other documents the reviewers may need."),
        empty=gettext_lazy("You have not uploaded any documents yet. Start with your CV."),
        form_class=forms.DocumentForm,
        list_for=selectors.document_list,
        get_for=selectors.document_get_for_user,
        create=lambda user, form: services.document_create(
            user=user, data=form.model_data(), file=form.cleaned_data["file_upload"]
        ),
        update=lambda obj, form: services.document_update(
            document=obj, data=form.model_data(), file=form.cleaned_data["file_upload"]
        ),
        delete=lambda obj: services.document_delete(document=obj),
    ),
}


@require_GET
@login_required
def dashboard(request):
    profile = selectors.profile_summary_for_user(request.user)
    today = timezone.localdate()
    return render(
        request,
        "applicants/dashboard.html",
        {
            "profile": profile,
            # The association's records, never the date typed in the profile (a claim).
            "membership": membership_selectors.dashboard_notice(person=request.user, on=today)
            if profile
            else None,
            "missing": selectors.profile_missing(profile),
            "evidence": selectors.evidence_summary_for_user(request.user, today=today),
            "sections": SECTIONS,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def profile_edit(request):
    profile = selectors.profile_for_user(request.user)
    # The legal name is the account's: one name, shown and corrected here or on its own page.
    initial = {"given_name": request.user.given_name, "family_name": request.user.family_name}
    form = forms.ProfileForm(request.POST or None, instance=profile, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.profile_update(
            user=request.user,
            given_name=form.cleaned_data["given_name"],
            family_name=form.cleaned_data["family_name"],
            data=form.model_data(),
            languages=form.cleaned_data["languages"],
            new_agency_name=form.cleaned_data["new_agency_name"],
            new_agency_program_type=form.cleaned_data["new_agency_program_type"],
        )
        messages.success(request, _("Your profile is saved."))
        return redirect("applicants:dashboard")
    return render(
        request,
        "applicants/profile_form.html",
        {
            "form": form,
            "profile": profile,
            "current": membership_selectors.current_for_person(person=request.user),
            "claim": membership_selectors.claim_latest(person=request.user),
        },
    )


@require_GET
@login_required
def section_list(request, section: str):
    config = SECTIONS[section]
    entries = list(config.list_for(user=request.user))
    return render(
        request,
        "applicants/section_list.html",
        {"section": config, "entries": entries, "table": f"applicants/_{section}_table.html"},
    )


@require_http_methods(["GET", "POST"])
@login_required
def section_add(request, section: str):
    config = SECTIONS[section]
    form = config.form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        config.create(request.user, form)
        messages.success(request, config.saved)
        return redirect(f"applicants:{section}_list")
    return render(
        request, "applicants/evidence_form.html", {"section": config, "form": form, "entry": None}
    )


@require_http_methods(["GET", "POST"])
@login_required
def section_edit(request, section: str, pk: int):
    config = SECTIONS[section]
    entry = config.get_for(user=request.user, pk=pk)
    form = config.form_class(request.POST or None, request.FILES or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        config.update(entry, form)
        messages.success(request, config.changed)
        return redirect(f"applicants:{section}_list")
    return render(
        request, "applicants/evidence_form.html", {"section": config, "form": form, "entry": entry}
    )


@require_POST
@login_required
def section_delete(request, section: str, pk: int):
    config = SECTIONS[section]
    entry = config.get_for(user=request.user, pk=pk)
    config.delete(entry)
    messages.success(request, config.deleted)
    return redirect(f"applicants:{section}_list")


@require_POST
@login_required
def training_verified_choose(request, pk: int):
    """Accept or hide a training the provider verified (its facts stay as verified)."""
    training = selectors.training_get_verified_for_user(user=request.user, pk=pk)
    choice = request.POST.get("choice", "")
    if choice not in (VerifiedChoice.ACCEPTED, VerifiedChoice.HIDDEN):
        messages.error(request, _("Choose whether to keep or hide the training."))
    else:
        services.training_verified_choose(training=training, choice=choice)
        if choice == VerifiedChoice.HIDDEN:
            messages.success(request, _("The training is hidden: it no longer counts."))
        else:
            messages.success(request, _("The training is kept in your portfolio."))
    return redirect("applicants:training_list")


@require_GET
@login_required
def file_download(request, pk: int):
    stored_file = selectors.stored_file_get_for_viewer(user=request.user, pk=pk)
    if stored_file.owner_id != request.user.pk:  # staff reading someone's file: on the record
        audit_record(action=AuditAction.FILE_DOWNLOADED, request=request, target=stored_file)
    return file_response(stored_file)
