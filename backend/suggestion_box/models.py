"""Suggestion-box openings (pembukaan kotak saran) and the slips found in them.

An opening is an event: when the box was opened, by which members of the desa's box team,
before which witnesses, and how many slips were found. Each slip the team then types in
becomes a complaint (channel `suggestion_box`) received on the opening's date; the opening
keeps the link, so the berita acara lists every slip's register number.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.clock import TimestampField


def opening_photo_path(opening: "Opening", filename: str) -> str:
    # Random names: the key says nothing of who opened the box or wrote a slip.
    return f"suggestion-box/{opening.desa.code}/{opening.photo_token}"


class Opening(models.Model):
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"))
    openers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("opened by")
    )
    # [{"name": …, "position": …}, …] in the order given: people from outside the system
    # (a BPD member, the RT head), named as they sign the berita acara.
    witnesses = models.JSONField(_("witnesses"), default=list)
    declared_count = models.PositiveIntegerField(_("slips found"))
    notes = models.TextField(_("notes"), blank=True)
    photo = models.FileField(upload_to=opening_photo_path, blank=True)
    photo_token = models.CharField(max_length=32, blank=True)
    photo_content_type = models.CharField(max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = TimestampField(auto_now_add=True)

    class Meta:
        verbose_name = _("suggestion box opening")
        verbose_name_plural = _("suggestion box openings")
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["desa", "-opened_at", "-id"])]

    def __str__(self) -> str:
        return f"{self.desa} {self.opened_at:%Y-%m-%d %H:%M}"


class Slip(models.Model):
    """One slip of an opening, as the complaint it became. Never deleted: a slip entered by
    mistake is rejected through the complaint's own flow."""

    opening = models.ForeignKey(Opening, on_delete=models.PROTECT, related_name="slips")
    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="box_slip"
    )
    number = models.PositiveIntegerField(_("slip number"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = TimestampField(auto_now_add=True)

    class Meta:
        ordering = ["opening_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["opening", "number"], name="slip_number_per_opening")
        ]


class DeclaredCountChange(models.Model):
    """A correction of how many slips were found, with its reason: the history of the count."""

    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="count_changes")
    from_count = models.PositiveIntegerField()
    to_count = models.PositiveIntegerField()
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = TimestampField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
