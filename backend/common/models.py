"""Rows shared by every app: the idempotency records of retry-safe POSTs (`common.idempotency`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.clock import current_time
from common.crypto import EncryptedTextField


class IdempotencyRecord(models.Model):
    """One `Idempotency-Key` of one caller for one operation, and the answer it got.

    Never holds the request body (it carries NIK, phone and name): only a keyed hash of it.
    The stored answer is encrypted, since a submission's answer carries the tracking PIN.
    """

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    key = models.CharField(_("key"), max_length=255, help_text="The Idempotency-Key header.")
    scope = models.CharField(
        _("scope"), max_length=64, help_text="`user:<id>` for a logged-in caller, else `anon`."
    )
    operation = models.CharField(_("operation"), max_length=64)
    fingerprint = models.CharField(
        _("request fingerprint"), max_length=64, help_text="HMAC-SHA256 of the canonical body."
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.IN_PROGRESS
    )
    # The compare-and-set token of the attempt running the work: a claim abandoned by a
    # killed worker is taken over by re-stamping it, which makes the old attempt's commit fail.
    claimed_at = models.DateTimeField(_("claimed at"), default=current_time)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True)
    response_body = EncryptedTextField(_("response body"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=current_time)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "operation", "key"], name="idempotency_record_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.operation} {self.scope} {self.key}"
