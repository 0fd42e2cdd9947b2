"""Everything an association configures: categories, guidelines, requirement sets, renewals.

Requirement sets and renewal policies save through the services, so the "one in effect per
category per date" guard runs under a lock; the model's clean() shows the same overlap error on
the form before that.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from . import services
from .models import (
    Competency,
    CompetencyDomain,
    EndorsementCategory,
    GuidelinesEdition,
    RenewalPolicy,
    RequirementSet,
)


class InEffectFilter(admin.SimpleListFilter):
    title = _("in effect")
    parameter_name = "in_effect"

    def lookups(self, request, model_admin):
        return (
            ("today", _("Today")),
            ("future", _("Starts in the future")),
            ("past", _("Ended")),
        )

    def queryset(self, request, queryset):
        from django.utils import timezone

        today = timezone.localdate()
        if self.value() == "today":
            return queryset.in_effect(today)
        if self.value() == "future":
            return queryset.filter(effective_from__gt=today)
        if self.value() == "past":
            return queryset.filter(effective_to__lt=today)
        return queryset


class RequirementSetInline(admin.TabularInline):
    model = RequirementSet
    fields = ("effective_from", "effective_to", "training_hours", "rsc_hours", "exam_required")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class RenewalPolicyInline(admin.TabularInline):
    model = RenewalPolicy
    fields = ("effective_from", "effective_to", "cycle_years", "training_hours", "rsc_hours")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EndorsementCategory)
class EndorsementCategoryAdmin(TranslationAdmin):
    list_display = (
        "code",
        "name",
        "track",
        "scope_of_practice",
        "level",
        "order",
        "active",
        "allows_emerging",
    )
    list_filter = ("track", "scope_of_practice", "level", "active", "allows_emerging")
    list_editable = ("order", "active")
    search_fields = ("code", "name")
    list_select_related = ("twin",)
    inlines = (RequirementSetInline, RenewalPolicyInline)


class CompetencyInline(TranslationTabularInline):
    model = Competency
    fields = ("order", "name", "applies_from_level", "description")
    extra = 1


@admin.register(CompetencyDomain)
class CompetencyDomainAdmin(TranslationAdmin):
    list_display = ("name", "edition", "order", "mentor_only")
    list_filter = ("edition", "mentor_only")
    search_fields = ("name",)
    list_select_related = ("edition",)
    inlines = (CompetencyInline,)


class CompetencyDomainInline(TranslationTabularInline):
    model = CompetencyDomain
    fields = ("order", "name", "mentor_only")
    extra = 0
    show_change_link = True


@admin.register(GuidelinesEdition)
class GuidelinesEditionAdmin(TranslationAdmin):
    list_display = ("name", "effective_from", "active")
    list_filter = ("active",)
    search_fields = ("name",)
    inlines = (CompetencyDomainInline,)


@admin.register(Competency)
class CompetencyAdmin(TranslationAdmin):
    list_display = ("name", "domain", "applies_from_level", "order")
    list_filter = ("domain__edition", "domain", "applies_from_level")
    search_fields = ("name", "description", "domain__name")
    list_select_related = ("domain",)


@admin.register(RequirementSet)
class RequirementSetAdmin(admin.ModelAdmin):
    list_display = (
        "category",
        "effective_from",
        "effective_to",
        "min_education_level",
        "training_hours",
        "rsc_hours",
        "rsc_window_months",
        "references_required",
        "exam_required",
        "reviewers_required",
    )
    list_filter = (InEffectFilter, "category__track", "category", "exam_required")
    search_fields = ("category__code", "category__name")
    list_select_related = ("category",)
    date_hierarchy = "effective_from"
    filter_horizontal = ("rsc_provider_categories", "reviewer_categories")
    fieldsets = (
        (None, {"fields": ("category", ("effective_from", "effective_to"))}),
        (_("Education"), {"fields": ("min_education_level", "education_alternative_work_years")}),
        (
            _("Specialized work"),
            {
                "fields": (
                    "work_years",
                    "work_must_be_paid",
                    "work_post_graduate",
                    "min_families_served",
                    "age_bands",
                    "leadership_years",
                    "leadership_kinds",
                    "rsc_provision_years",
                )
            },
        ),
        (
            _("In-service training"),
            {
                "fields": (
                    "training_hours",
                    "training_dei_hours",
                    "training_rsc_provision_hours",
                    "training_must_cover_domains",
                    "training_requires_competency",
                    "training_verified_share_percent",
                )
            },
        ),
        (
            _("Reflective supervision/consultation received"),
            {
                "fields": (
                    "rsc_hours",
                    "rsc_window_months",
                    "rsc_focus_provided_hours",
                    "rsc_provider_categories",
                    "count_unconfirmed_rsc",
                    ("rsc_span_min_months", "rsc_span_max_months"),
                    ("rsc_main_provider_share_percent", "rsc_other_providers_max"),
                )
            },
        ),
        (
            _("References"),
            {
                "fields": (
                    "references_required",
                    "references_endorsed_required",
                    "reference_not_enough_info_threshold",
                    "reference_relationships",
                )
            },
        ),
        (
            _("Exam and review"),
            {
                "fields": (
                    "exam_required",
                    "exam_pass_mark_percent",
                    "reviewers_required",
                    "reviewer_categories",
                )
            },
        ),
        (
            _("Agreements and membership"),
            {
                "fields": (
                    "ethics_required",
                    "membership_required",
                    "other_association_membership_accepted",
                )
            },
        ),
        (_("Fees"), {"fields": ("fees_before_submission", "fees_before_decision")}),
        (_("Endorsement as emerging"), {"fields": ("emerging_items",)}),
    )

    def save_model(self, request, obj, form, change):
        services.requirement_set_save(requirement_set=obj)


@admin.register(RenewalPolicy)
class RenewalPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "category",
        "effective_from",
        "effective_to",
        "cycle_years",
        "training_hours",
        "rsc_hours",
        "pro_rate",
        "first_renewal_skip",
        "grace_period_days",
        "audit_sample_percent",
    )
    list_filter = (InEffectFilter, "category__track", "category", "cycle_years", "pro_rate")
    search_fields = ("category__code", "category__name")
    list_select_related = ("category",)
    filter_horizontal = ("rsc_provider_categories",)
    fieldsets = (
        (None, {"fields": ("category", ("effective_from", "effective_to"))}),
        (_("Calendar"), {"fields": ("cycle_years", "cycle_anchor", "transition_from")}),
        (
            _("Hours per cycle"),
            {
                "fields": (
                    "training_hours",
                    "training_dei_hours",
                    "training_rsc_provision_hours",
                    "rsc_provision_implied",
                    "training_requires_competency",
                    "rsc_hours",
                    "rsc_provider_categories",
                )
            },
        ),
        (
            _("Cycle rules"),
            {
                "fields": (
                    "first_renewal_skip",
                    ("pro_rate", "pro_rate_by"),
                    "grace_period_days",
                    "audit_sample_percent",
                    "reminder_offsets_days",
                )
            },
        ),
        (
            _("Attestations"),
            {
                "fields": (
                    "membership_required",
                    "other_association_membership_accepted",
                    "ethics_required",
                    "sanctions_attestation_required",
                )
            },
        ),
        (
            _("Attestation and audit"),
            {
                "fields": (
                    "renew_by_attestation",
                    "audit_evidence_days",
                    "audit_consequence",
                    "undecided_lapse_days",
                )
            },
        ),
        (
            _("Lapse, reinstatement and archive"),
            {
                "fields": (
                    "reinstatement_window_days",
                    "reinstatement_references",
                    "unarchive_window_days",
                )
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        services.renewal_policy_save(renewal_policy=obj)
