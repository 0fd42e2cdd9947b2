"""Fees as records: the schedule (data with effective dates), invoices and payments.

Amounts are integer cents of one currency, the association's (`settings.FEES_CURRENCY`):
one deployment serves one association, so a currency column per amount (django-money) would
carry the same value on every row, while integer cents sum exactly in SQL for the reports and
compare exactly in constraints. `core.formatting.money` writes them for people.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from competencies import rules
from core import formatting
from core.models import TimestampedModel


class FeeKind(models.TextChoices):
    """What a fee is for (the same values as competencies.rules.FEE_KINDS)."""

    REGISTRATION = "registration", _("Registration")
    PROCESSING = "processing", _("Application processing")
    EXAM = "exam", _("Exam")
    EXAM_RETAKE = "exam_retake", _("Exam retake")
    RENEWAL = "renewal", _("Renewal")
    LATE_RENEWAL = "late_renewal", _("Late renewal")
    REINSTATEMENT = "reinstatement", _("Reinstatement")
    MEMBERSHIP_INDIVIDUAL = "membership_individual", _("Membership dues: individual")
    MEMBERSHIP_STUDENT = "membership_student", _("Membership dues: student")
    MEMBERSHIP_ORGANISATIONAL = "membership_organisational", _("Membership dues: organisational")


assert tuple(FeeKind.values) == rules.FEE_KINDS  # one list of kinds, the engine's


class FeeQuerySet(models.QuerySet):
    def in_effect(self, on):
        return self.filter(effective_from__lte=on).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on)
        )


class Fee(TimestampedModel):
    """One line of the fee schedule: what `kind` costs from `effective_from` to `effective_to`
    (inclusive), for one category or (no category) for every category without its own row."""

    kind = models.CharField(_("fee"), max_length=32, choices=FeeKind.choices)
    category = models.ForeignKey(
        "competencies.EndorsementCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
        help_text=_("Empty: every category that has no row of its own for this fee."),
    )
    amount_cents = models.PositiveIntegerField(
        _("amount in cents"), help_text=_("In cents of the association's currency: 2500 is 25.00.")
    )
    effective_from = models.DateField(_("first day in effect"))
    effective_to = models.DateField(
        _("last day in effect"),
        null=True,
        blank=True,
        help_text=_("Last day in effect (inclusive). Empty: open-ended."),
    )
    due_days = models.PositiveSmallIntegerField(
        _("days to pay"),
        default=30,
        help_text=_("An invoice for this fee is due this many days after it is issued."),
    )

    objects = FeeQuerySet.as_manager()

    class Meta:
        ordering = ("kind", "category__code", "-effective_from")
        verbose_name = _("fee")
        verbose_name_plural = _("fee schedule")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FeeKind.values), name="fees_fee_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="fees_fee_range_ordered",
            ),
        ]
        indexes = [
            # fee_in_effect(): one kind's rows around a date.
            models.Index(fields=["kind", "effective_from"], name="fees_fee_kind_from_idx"),
        ]

    def __str__(self):
        return gettext("%(kind)s %(category)s: %(amount)s from %(start)s") % {
            "kind": self.get_kind_display(),
            "category": self.category.code if self.category_id else gettext("(all categories)"),
            "amount": formatting.money(self.amount_cents),
            "start": formatting.day(self.effective_from),
        }

    def clean(self):
        super().clean()
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError(
                {"effective_to": _("The last day in effect must be on or after the first day.")}
            )
        if not self.kind or not self.effective_from:
            return
        clash = Fee.objects.filter(kind=self.kind, category_id=self.category_id).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from)
        )
        if self.effective_to is not None:
            clash = clash.filter(effective_from__lte=self.effective_to)
        if self.pk:
            clash = clash.exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(
                _(
                    "Another row of the schedule charges this fee for the same category on some "
                    "of these dates. End that row the day before this one starts."
                )
            )
