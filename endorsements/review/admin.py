from django.contrib import admin

from .models import (
    Assignment,
    Decision,
    ExamSitting,
    Part2Score,
    Review,
    ReviewerConflict,
    ReviewReminderLog,
)


@admin.register(ReviewerConflict)
class ReviewerConflictAdmin(admin.ModelAdmin):
    list_display = ("reviewer", "agency", "person", "note", "created_at")
    raw_id_fields = ("reviewer", "person")
    list_select_related = ("reviewer", "agency", "person")


class ReviewInline(admin.StackedInline):
    model = Review
    extra = 0
    readonly_fields = ("submitted_at",)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("application", "reviewer", "round", "due_on", "completed_at", "override_reason")
    list_filter = ("round",)
    raw_id_fields = ("application", "reviewer", "assigned_by")
    list_select_related = ("application__category", "application__applicant", "reviewer")
    inlines = [ReviewInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("application", "round", "outcome", "consensus", "decided_by", "created_at")
    raw_id_fields = ("application", "decided_by")
    list_select_related = ("application__category", "application__applicant", "decided_by")

    def has_change_permission(self, request, obj=None):
        return False  # the audit trail is not edited


class Part2ScoreInline(admin.TabularInline):
    model = Part2Score
    extra = 0
    raw_id_fields = ("scorer",)


@admin.register(ExamSitting)
class ExamSittingAdmin(admin.ModelAdmin):
    list_display = (
        "candidate_code",
        "application",
        "sat_on",
        "part1_score",
        "outcome",
        "retake_on",
    )
    raw_id_fields = ("application", "part2_file", "recorded_by")
    list_select_related = ("application__category", "application__applicant")
    # The outcome is the sitting's status: it changes only through exam_sitting_transition.
    readonly_fields = ("outcome", "retake_on")
    inlines = [Part2ScoreInline]


@admin.register(ReviewReminderLog)
class ReviewReminderLogAdmin(admin.ModelAdmin):
    list_display = ("assignment", "kind", "sent_at")
    raw_id_fields = ("assignment",)
