"""Canned answers (jawaban templat): a desa's ready-made texts for answers and information
requests, kept per category. Staff insert one into a draft and edit it before sending; what
is sent is the edited text, on the complaint's own history, so a template may change or go
without touching any complaint."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.clock import TimestampField


class CannedAnswer(models.Model):
    class Use(models.TextChoices):
        ANSWER = "answer", _("Answer")
        REQUEST_INFO = "request_info", _("Request for information")

    desa = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="canned_answers"
    )
    # Null: fits every category of the desa.
    category = models.ForeignKey(
        "complaints.Category",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="canned_answers",
    )
    use = models.CharField(_("use"), max_length=16, choices=Use.choices, default=Use.ANSWER)
    title = models.CharField(_("title"), max_length=80)
    body = models.TextField(_("text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = TimestampField(auto_now_add=True)
    updated_at = TimestampField(auto_now=True)

    class Meta:
        verbose_name = _("canned answer")
        verbose_name_plural = _("canned answers")
        ordering = ["desa_id", "title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["desa", "title"], name="canned_unique_title_per_desa")
        ]

    def __str__(self) -> str:
        return self.title
