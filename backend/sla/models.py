"""SLA policies, the working-day calendar's overrides, and each complaint's clock."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.clock import TimestampField
from complaints.models import Priority
from regions.models import Level

# Working days to answer, per priority, where no policy row says otherwise. Desa Klero
# promises 7 working days for every complaint; higher priorities are faster.
DEFAULT_WORKING_DAYS = {Priority.P1: 2, Priority.P2: 3, Priority.P3: 5, Priority.P4: 7}


class SlaPolicy(models.Model):
    """Working days to answer a priority, for a kabupaten; a desa row may only tighten it."""

    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.CASCADE,
        related_name="sla_policies",
        help_text=_("A kabupaten/kota, or a desa that answers faster than its kabupaten."),
    )
    priority = models.CharField(_("priority"), max_length=2, choices=Priority.choices)
    working_days = models.PositiveSmallIntegerField(
        _("working days"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["region__code", "priority"]
        constraints = [
            models.UniqueConstraint(fields=["region", "priority"], name="sla_policy_once"),
            models.CheckConstraint(
                condition=Q(working_days__gte=1), name="sla_policy_at_least_one_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.name} {self.priority}: {self.working_days}"

    def clean(self) -> None:
        # The kabupaten's limit on a desa's row needs a query: `sla.services.policy_check`,
        # which the admin form calls, says it.
        if self.region_id and self.region.level not in (Level.KABUPATEN, Level.DESA):
            raise ValidationError({"region": _("Choose a kabupaten/kota or a desa.")})


class CalendarDay(models.Model):
    """A change to the working-day calendar: national (no desa) or one desa's day off.

    National rows add a holiday the library lacks or remove one it lists (the SKB on cuti
    bersama changes late). Desa rows are days the desa declared off. Written only by
    `sla.services`, which records every change in `CalendarChange`.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday (not a working day)")
        WORKING = "working", _("Working day (a listed holiday removed)")
        DAY_OFF = "day_off", _("Day off of the desa")

    desa = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=Q(desa__isnull=True), name="calendar_day_national_once"
            ),
            models.UniqueConstraint(
                fields=["desa", "date"],
                condition=Q(desa__isnull=False),
                name="calendar_day_desa_once",
            ),
            models.CheckConstraint(
                condition=Q(desa__isnull=True, kind__in=["holiday", "working"])
                | Q(desa__isnull=False, kind="day_off"),
                name="calendar_day_kind_matches_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class CalendarChange(models.Model):
    """Every change to the calendar: who, when, which day, what. Append-only."""

    class Change(models.TextChoices):
        SET = "set", _("Set")
        CLEARED = "cleared", _("Cleared")

    at = TimestampField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    desa = models.ForeignKey(
        "regions.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    date = models.DateField()
    change = models.CharField(max_length=8, choices=Change.choices)
    kind = models.CharField(max_length=8, choices=CalendarDay.Kind.choices)
    name = models.CharField(max_length=120, blank=True)
    deadlines_moved = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("calendar change")
        verbose_name_plural = _("calendar changes")
        ordering = ["-at", "-id"]


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused while waiting for information")
    STOPPED = "stopped", _("Stopped")


class ComplaintSla(models.Model):
    """The SLA clock of one received complaint. Written only by `sla.services`.

    The deadline is `anchor_on` + `working_days` working days: the anchor is the receipt
    day, or the day the clock resumed after `needs_info` with the working days that were
    left, or the day a reopened complaint restarted. Keeping the anchor (not just the
    deadline) lets a calendar change recompute every open deadline.
    """

    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.CASCADE, primary_key=True, related_name="sla"
    )
    state = models.CharField(max_length=8, choices=ClockState.choices)
    policy_days = models.PositiveSmallIntegerField()
    anchor_on = models.DateField()
    anchor_at = models.DateTimeField()
    working_days = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    deadline = models.DateTimeField(db_index=False)
    remind_2_at = models.DateTimeField(null=True)
    remind_1_at = models.DateTimeField(null=True)
    reminded_2_at = models.DateTimeField(null=True)
    reminded_1_at = models.DateTimeField(null=True)
    escalated_at = models.DateTimeField(null=True)
    paused_at = models.DateTimeField(null=True)
    remaining_when_paused = models.PositiveSmallIntegerField(null=True)
    stopped_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("complaint SLA")
        # The sweep's queries; partial, so they hold only the rows still waiting, and their
        # size follows the number due rather than the table (bench/sla.py).
        indexes = [
            models.Index(
                fields=["deadline"],
                condition=Q(state="running", escalated_at__isnull=True),
                name="sla_escalation_due",
            ),
            models.Index(
                fields=["remind_1_at"],
                condition=Q(state="running", reminded_1_at__isnull=True),
                name="sla_reminder_1_due",
            ),
            models.Index(
                fields=["remind_2_at"],
                condition=Q(state="running", reminded_2_at__isnull=True),
                name="sla_reminder_2_due",
            ),
            models.Index(fields=["state", "anchor_on", "due_on"], name="sla_open_span"),
        ]


class Escalation(models.Model):
    """A deadline passed: the village head was told. At most one per deadline."""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="escalations"
    )
    deadline = models.DateTimeField()
    at = TimestampField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "deadline"], name="escalation_once")
        ]
