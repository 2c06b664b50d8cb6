"""Indonesia's administrative regions: provinsi → kabupaten/kota → kecamatan → desa/kelurahan.

Codes are Kemendagri's (Kepmendagri 100.1.1-6117/2022): `32`, `32.07`, `32.07.10`,
`32.07.10.2010`. The dotted code is also the materialised path, so a region's subtree is
one `code__startswith` filter and needs no recursive query.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABUPATEN = "kabupaten", _("Regency / city")
    KECAMATAN = "kecamatan", _("District (kecamatan)")
    DESA = "desa", _("Village (desa/kelurahan)")


# Segments per level: 32 / 32.07 / 32.07.10 / 32.07.10.2010.
CODE_SEGMENTS = {Level.PROVINSI: 1, Level.KABUPATEN: 2, Level.KECAMATAN: 3, Level.DESA: 4}
PARENT_LEVEL = {
    Level.KABUPATEN: Level.PROVINSI,
    Level.KECAMATAN: Level.KABUPATEN,
    Level.DESA: Level.KECAMATAN,
}

code_validator = RegexValidator(
    r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$",
    _("Use the Kemendagri code form: 32, 32.07, 32.07.10 or 32.07.10.2010."),
)


class Region(models.Model):
    code = models.CharField(
        _("Kemendagri code"), max_length=13, unique=True, validators=[code_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    register_abbreviation = models.CharField(
        _("register abbreviation"),
        max_length=8,
        blank=True,
        help_text=_("Desa only: the code in register numbers, e.g. JGB in 012/PGD/JGB/2026."),
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=32,
        default="Asia/Jakarta",
        help_text=_("WIB Asia/Jakarta, WITA Asia/Makassar, WIT Asia/Jayapura."),
    )
    # The emblem's files live in the storage under this random version (`regions/emblems.py`);
    # empty when the region has none. A new upload is a new version, hence a new URL.
    emblem_version = models.CharField(
        _("emblem version"), max_length=32, blank=True, editable=False
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=Q(level=Level.PROVINSI, parent__isnull=True)
                | Q(~Q(level=Level.PROVINSI), parent__isnull=False),
                name="region_parent_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(level=Level.DESA) | Q(register_abbreviation=""),
                name="region_abbreviation_only_on_desa",
            ),
        ]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.name} ({self.code})"

    def emblem_source(self) -> "Region | None":
        """The region whose emblem this one shows: its own, else the nearest ancestor's up to
        the kabupaten (a desa office shows its kabupaten's lambang); None when none has one.
        Reads the parents already loaded (`select_related`)."""
        region: Region | None = self
        while region is not None and region.level != Level.PROVINSI:
            if region.emblem_version:
                return region
            region = region.parent
        return None

    def subtree(self) -> Q:
        """Filter for this region and everything below it, on a `code` field."""
        return Q(code=self.code) | Q(code__startswith=f"{self.code}.")


class DesaContact(models.Model):
    """How residents reach a desa's office besides the app: shown on its public landing page.

    Public by nature (the office's own channels, never a person's). Written by
    `regions.services.desa_contact_set`, which stores phone numbers as E.164.
    """

    desa = models.OneToOneField(
        Region,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="contact",
        limit_choices_to={"level": Level.DESA},
    )
    whatsapp = models.CharField(
        _("WhatsApp number"),
        max_length=16,
        blank=True,
        help_text=_("The office's WhatsApp, e.g. 0812-3456-7890; shown as a wa.me link."),
    )
    phone = models.CharField(_("telephone"), max_length=16, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    office_address = models.CharField(_("office address"), max_length=300, blank=True)
    office_hours = models.TextField(
        _("office hours"),
        max_length=500,
        blank=True,
        help_text=_("As residents should read it, e.g. Senin–Jumat 08.00–15.00 WIB."),
    )
    # Not shown to residents: the WhatsApp Cloud API's id of the office's number, which its
    # webhooks name (`metadata.phone_number_id`) so that each message finds its desa.
    whatsapp_phone_number_id = models.CharField(
        _("WhatsApp phone number ID"),
        max_length=32,
        blank=True,
        help_text=_("From Meta's WhatsApp Manager (API setup), e.g. 100000000000001."),
    )

    class Meta:
        verbose_name = _("desa contact details")
        verbose_name_plural = _("desa contact details")
        constraints = [
            models.UniqueConstraint(
                fields=["whatsapp_phone_number_id"],
                condition=~Q(whatsapp_phone_number_id=""),
                name="desa_contact_phone_number_id_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.desa.name}"
