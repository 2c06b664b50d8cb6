"""The register book (buku register pengaduan): one entry per received complaint.

Entries and annotations are append-only: a migration installs database triggers that refuse
UPDATE and DELETE on both tables (PostgreSQL and SQLite), so neither a bug nor a shell can
rewrite the book. Only `register.services.register_open` creates entries; corrections are
`RegisterAnnotation` rows. Columns the paper book fills in later (distributed to, follow-up,
date finished) are read from the complaint's history, never stored here.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.clock import TimestampField

# Placeholders a desa may use in its number format; nothing else is substituted.
FORMAT_FIELDS = ("number", "code", "desa", "year")
DEFAULT_FORMAT = "{number}/{code}/{desa}/{year}"
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def format_number(*, number: int, year: int, abbreviation: str, rules: "RegisterSettings") -> str:
    """The display form of a register number, e.g. 012/PGD/JGB/2026."""
    values = {
        "number": str(number).zfill(rules.number_width),
        "code": rules.fixed_code,
        "desa": abbreviation,
        "year": str(year),
    }
    return _PLACEHOLDER.sub(
        lambda match: values.get(match.group(1), match.group(0)), rules.number_format
    )


def validate_number_format(value: str) -> None:
    names = _PLACEHOLDER.findall(value)
    unknown = sorted(set(names) - set(FORMAT_FIELDS))
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(names)s; use {number}, {code}, {desa} and {year}."),
            params={"names": ", ".join(f"{{{name}}}" for name in unknown)},
        )
    if "number" not in names:
        raise ValidationError(_("The format must contain {number}."))


class RegisterSettings(models.Model):
    """How a desa writes its register numbers, e.g. 012/PGD/JGB/2026. Optional: a desa
    without a row uses the defaults and its `Region.register_abbreviation`."""

    desa = models.OneToOneField(
        "regions.Region", on_delete=models.PROTECT, related_name="register_settings"
    )
    number_format = models.CharField(
        _("number format"),
        max_length=60,
        default=DEFAULT_FORMAT,
        validators=[validate_number_format],
        help_text=_("Placeholders: {number}, {code}, {desa} (abbreviation), {year}."),
    )
    fixed_code = models.CharField(_("fixed code"), max_length=12, default="PGD")
    number_width = models.PositiveSmallIntegerField(
        _("digits of the number"), default=3, help_text=_("Zero-padded to this many digits.")
    )

    class Meta:
        verbose_name = _("register settings")
        verbose_name_plural = _("register settings")

    def __str__(self) -> str:
        return f"{self.desa} {self.number_format}"


class RegisterCounter(models.Model):
    """The last number given in one desa-year, and the hash of that entry (the chain's head).

    `register_open` locks this row with SELECT … FOR UPDATE as the last step of the receiving
    transaction; the lock is what makes numbers gapless and unique (a rolled-back receive
    rolls its increment back too, which a database sequence would not).
    """

    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["desa", "year"], name="register_counter_per_desa_year")
        ]


class RegisterEntry(models.Model):
    """One line of the book. What was recorded at receipt is kept here and hashed; what
    happened later is derived from the complaint's history (`register.selectors`)."""

    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="register_entry"
    )
    received_at = models.DateTimeField(_("received at"))
    # PROTECT: nulling it would be an UPDATE, which the trigger refuses; staff accounts are
    # deactivated, never deleted.
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=16)
    category = models.ForeignKey("complaints.Category", on_delete=models.PROTECT, related_name="+")
    summary = models.CharField(_("summary"), max_length=160)
    anonymous = models.BooleanField(_("anonymous"))
    # sha256 over the previous entry's hash and this entry's recorded fields
    # (register.chain); the first entry of a desa-year chains to GENESIS.
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        ordering = ["desa_id", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["desa", "year", "number"], name="register_entry_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="register_entry_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.desa_id}/{self.year}/{self.number}"


class AnnotationField(models.TextChoices):
    """Which column of the entry a correction is about."""

    SUMMARY = "summary", _("Summary")
    CATEGORY = "category", _("Category")
    CHANNEL = "channel", _("Channel")
    REPORTER = "reporter", _("Reporter")
    DATE = "date", _("Date received")
    REMARKS = "remarks", _("Remarks")


class RegisterAnnotation(models.Model):
    """A correction or remark on an entry: who, when, what, why. Append-only like the entry."""

    entry = models.ForeignKey(RegisterEntry, on_delete=models.PROTECT, related_name="annotations")
    # PROTECT, not SET_NULL: nulling the author would be an UPDATE, which the trigger refuses.
    # Staff accounts are deactivated, never deleted.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(_("column"), max_length=12, choices=AnnotationField.choices)
    text = models.TextField(_("correction"))
    reason = models.TextField(_("reason"))
    at = TimestampField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class ExportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"


class RegisterExport(models.Model):
    """A large export built by a Celery task; the requester downloads the file when done."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    token = models.CharField(max_length=32, unique=True)
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_format = models.CharField(max_length=4, choices=ExportFormat.choices)
    filters = models.JSONField(default=dict)
    with_identity = models.BooleanField(default=False)
    language = models.CharField(max_length=5, default="id")
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    file = models.FileField(upload_to="register-exports/", blank=True)
    rows = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    created_at = TimestampField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
