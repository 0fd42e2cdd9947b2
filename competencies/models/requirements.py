"""Requirement sets and renewal policies: every number as data with an effective range."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
    validate_comma_separated_integer_list,
)
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import formatting
from core.models import TimestampedModel

from .. import rules
from .categories import (
    AgeBandChoice,
    EducationLevel,
    EndorsementCategory,
    FeeKindChoice,
    LeadershipKindChoice,
    ProRateBy,
    RaterRelationshipChoice,
)
from .fields import ChoiceListField

ZERO = Decimal("0")
HOURS = {"max_digits": 6, "decimal_places": 1, "validators": [MinValueValidator(ZERO)]}
YEARS = {"max_digits": 4, "decimal_places": 1, "validators": [MinValueValidator(ZERO)]}
PERCENT = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
}
# The first deadline of the Alliance's 3-year calendar: the shipped anchor of every policy.
GRID_ANCHOR = date(2027, 12, 31)


def _grid_anchor() -> date:
    return GRID_ANCHOR


class EffectiveRangeQuerySet(models.QuerySet):
    def in_effect(self, on: date):
        return self.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on)).filter(
            effective_from__lte=on
        )

    def overlapping(self, *, category_id, effective_from: date, effective_to: date | None):
        qs = self.filter(category_id=category_id).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=effective_from)
        )
        if effective_to is not None:
            qs = qs.filter(effective_from__lte=effective_to)
        return qs


class EffectiveRange(TimestampedModel):
    """A row in force for one category from `effective_from` to `effective_to` (inclusive)."""

    effective_from = models.DateField()
    effective_to = models.DateField(
        null=True, blank=True, help_text=_("Last day in effect (inclusive). Empty: open-ended.")
    )

    objects = EffectiveRangeQuerySet.as_manager()

    class Meta:
        abstract = True

    def range_label(self) -> str:
        """When the row is in effect, in the active language ("from 1 January 2026 to ...")."""
        if self.effective_to is None:
            return gettext("from %(start)s with no end date") % {
                "start": formatting.day(self.effective_from)
            }
        return gettext("from %(start)s to %(end)s") % {
            "start": formatting.day(self.effective_from),
            "end": formatting.day(self.effective_to),
        }

    def _clean_figures(self):
        """Checks between a row's own figures (the subclasses add theirs)."""

    def clean(self):
        super().clean()
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError(
                {"effective_to": _("The last day in effect must be on or after the first day.")}
            )
        self._clean_figures()
        if not self.category_id or not self.effective_from:
            return
        clash = (
            type(self)
            .objects.overlapping(
                category_id=self.category_id,
                effective_from=self.effective_from,
                effective_to=self.effective_to,
            )
            .exclude(pk=self.pk)
            .select_related("category")
            .order_by("effective_from")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                self.overlap_message,
                code="overlap",
                params={"code": clash.category.code, "range": clash.range_label(), "pk": clash.pk},
            )


class RequirementSet(EffectiveRange):
    overlap_message = _(
        "Only one requirement set may be in effect for %(code)s on any date. These dates "
        "overlap the requirement set in effect %(range)s (#%(pk)s). End that one before this "
        "one starts, or change these dates."
    )

    def _clean_figures(self):
        low, high = self.rsc_span_min_months, self.rsc_span_max_months
        if low is not None and high is not None and low > high:
            raise ValidationError(
                {"rsc_span_max_months": _("The most months must be at least the fewest months.")}
            )

    """The initial requirements of one category over a date range: every number as data."""

    category = models.ForeignKey(
        EndorsementCategory, on_delete=models.PROTECT, related_name="requirement_sets"
    )
    # Education
    min_education_level = models.CharField(
        max_length=16, choices=EducationLevel.choices, default=EducationLevel.NONE
    )
    education_alternative_work_years = models.DecimalField(
        _("or years of paid work instead of the degree"),
        null=True,
        blank=True,
        help_text=_("Empty: no alternative to the degree."),
        **YEARS,
    )
    # Specialized work
    work_years = models.DecimalField(_("years of specialized work"), default=ZERO, **YEARS)
    work_must_be_paid = models.BooleanField(
        default=True, help_text=_("Untick to count supervised volunteer work.")
    )
    work_post_graduate = models.BooleanField(
        _("work must be post-graduate"),
        default=False,
        help_text=_(
            "Only work from the day the applicant completed the degree required above "
            "counts (the date on the degree, not a tick of the applicant's)."
        ),
    )
    min_families_served = models.PositiveIntegerField(default=0)
    age_bands = ChoiceListField(
        _("ages the work and RSC must be about"),
        choice_list=AgeBandChoice.choices,
        help_text=_(
            "Specialized work and RSC sessions count only when about these ages. Tick “both” "
            "for work about both age bands to count. None ticked: any ages count."
        ),
    )
    leadership_years = models.DecimalField(
        _("years of leadership (incl. policy and faculty/research)"), default=ZERO, **YEARS
    )
    leadership_kinds = ChoiceListField(
        _("kinds of leadership that count"),
        choice_list=LeadershipKindChoice.choices,
        help_text=_("None ticked: every kind of leadership counts."),
    )
    rsc_provision_years = models.DecimalField(
        _("years providing reflective supervision"), default=ZERO, **YEARS
    )
    # In-service training
    training_hours = models.DecimalField(_("training hours"), default=ZERO, **HOURS)
    training_dei_hours = models.DecimalField(
        _("of which on diversity, equity and inclusion"), default=ZERO, **HOURS
    )
    training_rsc_provision_hours = models.DecimalField(
        _("of which on providing reflective supervision"), default=ZERO, **HOURS
    )
    training_must_cover_domains = models.BooleanField(
        default=True,
        help_text=_("Training taken together must cover every domain of the category."),
    )
    training_requires_competency = models.BooleanField(
        _("a training counts only when tagged with a competency area"),
        default=True,
        help_text=_("Training that covers no competency area counts toward no hours."),
    )
    training_verified_share_percent = models.DecimalField(
        _("share of the training hours from verified trainings (%)"),
        default=ZERO,
        help_text=_(
            "Trainings whose provider confirmed attendance with a roster (the training catalog). "
            "0: any training counts, verified or not."
        ),
        **PERCENT,
    )
    # Reflective supervision/consultation received
    rsc_hours = models.DecimalField(_("RSC hours received"), default=ZERO, **HOURS)
    rsc_window_months = models.PositiveSmallIntegerField(
        _("within the last N months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: sessions of any date count."),
    )
    rsc_focus_provided_hours = models.DecimalField(
        _("of which about the RSC the applicant provides"), default=ZERO, **HOURS
    )
    rsc_provider_categories = models.ManyToManyField(
        EndorsementCategory,
        blank=True,
        related_name="+",
        verbose_name=_("categories whose holders may provide qualifying RSC"),
    )
    count_unconfirmed_rsc = models.BooleanField(
        _("count RSC hours not yet confirmed by the provider"), default=True
    )
    rsc_span_min_months = models.PositiveSmallIntegerField(
        _("received over no less than N months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no minimum. The first and last counted sessions this far apart."),
    )
    rsc_span_max_months = models.PositiveSmallIntegerField(
        _("and no more than N months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no maximum. The required hours fall within this many months."),
    )
    rsc_main_provider_share_percent = models.DecimalField(
        _("more than this percent of the hours from one provider"),
        null=True,
        blank=True,
        help_text=_("Empty: no such rule. 50 means most of the hours."),
        **PERCENT,
    )
    rsc_other_providers_max = models.PositiveSmallIntegerField(
        _("the rest from no more than N other providers"),
        null=True,
        blank=True,
        help_text=_("Empty: any number of other providers."),
    )
    # References
    references_required = models.PositiveSmallIntegerField(default=3)
    reference_relationships = ChoiceListField(
        _("raters the applicant must include"),
        choice_list=RaterRelationshipChoice.choices,
        help_text=_("Each ticked relationship needs a rating that counts from such a rater."),
    )
    references_endorsed_required = models.PositiveSmallIntegerField(
        _("raters who must be endorsed (or vetted)"), default=1
    )
    reference_not_enough_info_threshold = models.PositiveSmallIntegerField(
        _("a rating with this many 'not enough information' answers does not count"),
        default=6,
        validators=[MinValueValidator(1)],
    )
    # Exam and review
    exam_required = models.BooleanField(default=False)
    exam_pass_mark_percent = models.PositiveSmallIntegerField(
        default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    reviewers_required = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    reviewer_categories = models.ManyToManyField(
        EndorsementCategory,
        blank=True,
        related_name="+",
        verbose_name=_("categories whose holders may review this category"),
    )
    # Attestations
    membership_required = models.BooleanField(default=True)
    # Some associations accept membership in another association of the Alliance.
    other_association_membership_accepted = models.BooleanField(
        _("membership of another association of the Alliance accepted"), default=False
    )
    ethics_required = models.BooleanField(_("Code of Ethics and Agreement signed"), default=True)
    # Fees (the fees app invoices them; the checklist's "fees paid or waived" reads these).
    fees_before_submission = ChoiceListField(
        _("fees paid or waived before submission"),
        choice_list=FeeKindChoice.choices,
        help_text=_(
            "The application cannot be submitted while an invoiced fee of these kinds is "
            "unpaid. Only fees invoiced by then count: registration is invoiced when the "
            "application is started."
        ),
    )
    fees_before_decision = ChoiceListField(
        _("fees paid or waived before the decision"),
        choice_list=FeeKindChoice.choices,
        help_text=_(
            "Endorsing or approving for the exam with an invoiced fee of these kinds unpaid "
            "needs the coordinator's reason. Processing is invoiced on submission, the exam "
            "fee on approval for the exam."
        ),
    )
    # Endorsement as emerging (categories that allow it): what may still be in progress.
    emerging_items = models.CharField(
        _("checklist items that may still be in progress for an emerging endorsement"),
        max_length=300,
        blank=True,
        validators=[
            RegexValidator(
                r"^[a-z_]+(,[a-z_]+)*$",
                _("Enter checklist keys separated by commas, e.g. leadership_years."),
            )
        ],
        help_text=_(
            "Comma-separated checklist keys, e.g. leadership_years,training_rsc_provision. "
            "An applicant may submit with only these unmet and be endorsed as emerging. "
            "Empty: no emerging route for this category."
        ),
    )

    class Meta:
        ordering = ("category", "-effective_from")
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="competencies_reqset_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(reviewers_required__in=[1, 2]),
                name="competencies_reqset_reviewers_1_or_2",
            ),
        ]
        indexes = [
            # requirement_set_in_effect(): one category's rows around a date.
            models.Index(fields=["category", "effective_from"], name="competencies_reqset_idx"),
        ]

    def __str__(self):
        return gettext("%(code)s requirements %(range)s") % {
            "code": self.category.code,
            "range": self.range_label(),
        }

    @property
    def emerging_item_keys(self) -> frozenset[str]:
        """The checklist keys that may be unmet for an emerging endorsement (none: no route)."""
        if not self.category.allows_emerging:
            return frozenset()
        return frozenset(k.strip() for k in self.emerging_items.split(",") if k.strip())

    def to_spec(self, *, domains) -> rules.RequirementSpec:
        """A plain snapshot for the rules engine.

        `domains`: the guidelines edition's domains with `competencies` prefetched, as
        `competencies.selectors.domains_for_edition` reads them (the model reads no selector:
        `selectors.requirement_spec_for` is the way in from a category and a date). Reads the M2Ms
        (prefetched where possible).
        """
        level = self.category.level
        required_domain_ids: set[int] = set()
        competency_domain: dict[int, int] = {}
        domain_names: dict[int, str] = {}
        for domain in domains:
            domain_names[domain.pk] = domain.name
            applicable = False
            for competency in domain.competencies.all():
                competency_domain[competency.pk] = domain.pk
                applicable = applicable or competency.applies_from_level <= level
            if applicable and domain.applies_to_level(level):
                required_domain_ids.add(domain.pk)
        return rules.RequirementSpec(
            category_code=self.category.code,
            min_education_level=self.min_education_level,
            education_alternative_work_years=self.education_alternative_work_years,
            work_years=self.work_years,
            work_must_be_paid=self.work_must_be_paid,
            work_post_graduate=self.work_post_graduate,
            min_families_served=self.min_families_served,
            age_bands=frozenset(self.age_bands or ()),
            leadership_years=self.leadership_years,
            leadership_kinds=frozenset(self.leadership_kinds or ()),
            rsc_provision_years=self.rsc_provision_years,
            training_hours=self.training_hours,
            training_dei_hours=self.training_dei_hours,
            training_rsc_provision_hours=self.training_rsc_provision_hours,
            training_must_cover_domains=self.training_must_cover_domains,
            training_requires_competency=self.training_requires_competency,
            training_verified_share_percent=self.training_verified_share_percent,
            required_domain_ids=frozenset(required_domain_ids),
            competency_domain=competency_domain,
            domain_names=domain_names,
            rsc_hours=self.rsc_hours,
            rsc_window_months=self.rsc_window_months,
            rsc_focus_provided_hours=self.rsc_focus_provided_hours,
            rsc_provider_codes=frozenset(c.code for c in self.rsc_provider_categories.all()),
            count_unconfirmed_rsc=self.count_unconfirmed_rsc,
            rsc_span_min_months=self.rsc_span_min_months,
            rsc_span_max_months=self.rsc_span_max_months,
            rsc_main_provider_share_percent=self.rsc_main_provider_share_percent,
            rsc_other_providers_max=self.rsc_other_providers_max,
            references_required=self.references_required,
            reference_relationships=tuple(self.reference_relationships or ()),
            references_endorsed_required=self.references_endorsed_required,
            reference_not_enough_info_threshold=self.reference_not_enough_info_threshold,
            exam_required=self.exam_required,
            exam_pass_mark_percent=self.exam_pass_mark_percent,
            membership_required=self.membership_required,
            other_association_membership_accepted=self.other_association_membership_accepted,
            ethics_required=self.ethics_required,
            fees_before_submission=frozenset(self.fees_before_submission or ()),
            fees_before_decision=frozenset(self.fees_before_decision or ()),
        )


class AuditConsequence(models.TextChoices):
    LAPSE = "lapse", _("The endorsement lapses")
    COORDINATOR = "coordinator", _("A coordinator decides (listed as overdue)")


class RenewalPolicy(EffectiveRange):
    """How one category is renewed over a date range (chosen by the renewal deadline)."""

    overlap_message = _(
        "Only one renewal policy may be in effect for %(code)s on any date. These dates "
        "overlap the renewal policy in effect %(range)s (#%(pk)s). End that one before this "
        "one starts, or change these dates."
    )

    category = models.ForeignKey(
        EndorsementCategory, on_delete=models.PROTECT, related_name="renewal_policies"
    )
    cycle_years = models.PositiveSmallIntegerField(
        _("cycle length in years"), default=1, validators=[MinValueValidator(1)]
    )
    cycle_anchor = models.DateField(
        _("a deadline of the calendar"),
        default=_grid_anchor,
        help_text=_(
            "Deadlines fall on this day and every cycle length before and after it, e.g. "
            "31 December 2027 with a 3-year cycle: 2024, 2027, 2030 ..."
        ),
    )
    transition_from = models.DateField(
        _("holders renewing from this date move onto this calendar"),
        null=True,
        blank=True,
        help_text=_(
            "A renewal for a deadline from this date until this policy starts is next due on "
            "this policy's first deadline (a 2024 renewal next due 31 December 2027). Empty: "
            "no move."
        ),
    )
    training_hours = models.DecimalField(_("training hours per cycle"), default=ZERO, **HOURS)
    training_dei_hours = models.DecimalField(
        _("of which on diversity, equity and inclusion"), default=ZERO, **HOURS
    )
    training_rsc_provision_hours = models.DecimalField(
        _("of which on providing reflective supervision"),
        default=ZERO,
        help_text=_(
            "Owed by every holder who provides RSC: those who say so when renewing, "
            "and every holder of this category if its holders provide RSC (below)."
        ),
        **HOURS,
    )
    rsc_provision_implied = models.BooleanField(
        _("holders of this category provide RSC"),
        default=False,
        help_text=_("Ticked: the hours on providing RSC apply to every holder of the category."),
    )
    training_requires_competency = models.BooleanField(
        _("a training counts only when tagged with a competency area"), default=True
    )
    rsc_hours = models.DecimalField(
        _("RSC hours received per cycle"), default=ZERO, help_text=_("0: not required."), **HOURS
    )
    rsc_provider_categories = models.ManyToManyField(
        EndorsementCategory,
        blank=True,
        related_name="+",
        verbose_name=_("categories whose holders may provide qualifying RSC"),
        help_text=_("Empty: any identified provider counts."),
    )
    first_renewal_skip = models.BooleanField(
        _("newly endorsed skip their first renewal"), default=True
    )
    pro_rate = models.BooleanField(_("pro-rate hours for people endorsed mid-cycle"), default=False)
    pro_rate_by = models.CharField(
        _("pro-rate"), max_length=12, choices=ProRateBy.choices, default=ProRateBy.DAYS
    )
    grace_period_days = models.PositiveSmallIntegerField(default=30)
    # The late renewal and reinstatement fees are the fee schedule's (fees.Fee): one place
    # for what is charged and what the pages state.
    audit_sample_percent = models.DecimalField(
        _("audit sampling percent"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
    )
    reminder_offsets_days = models.CharField(
        _("reminder offsets (days before the deadline)"),
        max_length=100,
        default="90,60,30,7",
        validators=[validate_comma_separated_integer_list],
        help_text=_("Comma-separated, e.g. 90,60,30,7."),
    )
    membership_required = models.BooleanField(default=True)
    other_association_membership_accepted = models.BooleanField(
        _("membership of another association of the Alliance accepted"), default=False
    )
    ethics_required = models.BooleanField(_("Code of Ethics re-signed"), default=True)
    sanctions_attestation_required = models.BooleanField(
        _("attest to no sanctions by a licensing board"), default=True
    )
    # Renewal by attestation and its audit (the three-year model).
    renew_by_attestation = models.BooleanField(
        _("holders may renew by attesting to their hours"),
        default=False,
        help_text=_(
            "The holder attests to the training and RSC hours instead of logging every one; "
            "the audit sample above is asked for evidence."
        ),
    )
    audit_evidence_days = models.PositiveSmallIntegerField(
        _("days an audited holder has to send evidence"),
        default=30,
        validators=[MinValueValidator(1)],
    )
    audit_consequence = models.CharField(
        _("when the audit evidence does not arrive in time"),
        max_length=12,
        choices=AuditConsequence.choices,
        default=AuditConsequence.LAPSE,
    )
    undecided_lapse_days = models.PositiveSmallIntegerField(
        _("days after the grace period an undecided renewal may wait"),
        null=True,
        blank=True,
        default=30,
        help_text=_(
            "A renewal still waiting for a coordinator this long after the grace period lets "
            "the endorsement lapse. Empty: it waits for the coordinator however long."
        ),
    )
    # Lapse, reinstatement and archive.
    reinstatement_window_days = models.PositiveSmallIntegerField(
        _("days after a lapse in which the holder may ask to reinstate"),
        default=365,
        help_text=_("After this window the person applies again (a new application)."),
    )
    reinstatement_references = models.PositiveSmallIntegerField(
        _("new reference ratings needed to reinstate"), default=0
    )
    # The late renewal and reinstatement fees are the fee schedule's (fees.Fee): one place
    # for what is charged and what the pages state.
    unarchive_window_days = models.PositiveSmallIntegerField(
        _("days after archiving in which the holder may un-archive"), default=365
    )

    class Meta:
        ordering = ("category", "-effective_from")
        verbose_name_plural = _("renewal policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="competencies_renewal_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(pro_rate_by__in=ProRateBy.values),
                name="competencies_renewal_pro_rate_by_valid",
            ),
        ]
        indexes = [
            # renewal_policy_in_effect(): one category's rows around a date.
            models.Index(fields=["category", "effective_from"], name="competencies_renewal_idx"),
        ]

    def __str__(self):
        return gettext("%(code)s renewal %(range)s") % {
            "code": self.category.code,
            "range": self.range_label(),
        }

    @property
    def reminder_offsets(self) -> list[int]:
        """Offsets in days before the deadline, largest first, duplicates removed."""
        values = {int(v) for v in self.reminder_offsets_days.split(",") if v.strip()}
        return sorted(values, reverse=True)

    def to_spec(self, *, with_providers: bool = True) -> rules.RenewalSpec:
        """A plain snapshot for the rules engine. `with_providers=False` skips the provider
        categories (a query unless prefetched): the calendar does not need them."""
        providers = (
            frozenset(c.code for c in self.rsc_provider_categories.all())
            if with_providers
            else frozenset()
        )
        return rules.RenewalSpec(
            category_code=self.category.code,
            cycle_years=self.cycle_years,
            training_hours=self.training_hours,
            training_dei_hours=self.training_dei_hours,
            training_rsc_provision_hours=self.training_rsc_provision_hours,
            rsc_provision_implied=self.rsc_provision_implied,
            training_requires_competency=self.training_requires_competency,
            rsc_hours=self.rsc_hours,
            rsc_provider_codes=providers,
            first_renewal_skip=self.first_renewal_skip,
            pro_rate=self.pro_rate,
            pro_rate_by=self.pro_rate_by,
            effective_from=self.effective_from,
            effective_to=self.effective_to,
            cycle_anchor=self.cycle_anchor,
            transition_from=self.transition_from,
            membership_required=self.membership_required,
            other_association_membership_accepted=self.other_association_membership_accepted,
            ethics_required=self.ethics_required,
            sanctions_attestation_required=self.sanctions_attestation_required,
        )
