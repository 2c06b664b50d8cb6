"""Distribution of complaints to officials; every (re)assignment is kept."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Position
from common.clock import TimestampField


class Assignment(models.Model):
    """One distribution of a complaint. The current one has `ended_at` null."""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="assignments"
    )
    position = models.CharField(_("position"), max_length=24, choices=Position.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = TimestampField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"],
                condition=models.Q(ended_at__isnull=True),
                name="assignment_one_current_per_complaint",
            )
        ]


class RoutingPolicy(models.Model):
    """A desa's routing rules beyond each category's default position: the fallback chain
    tried, in order, when nobody holds the position a complaint would go to."""

    desa = models.OneToOneField(
        "regions.Region", on_delete=models.CASCADE, related_name="routing_policy"
    )
    fallback = models.JSONField(
        _("fallback positions"),
        default=list,
        blank=True,
        help_text=_("Positions tried in order when nobody holds the category's position."),
    )
    updated_at = TimestampField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("routing policy")
        verbose_name_plural = _("routing policies")

    def __str__(self) -> str:
        return f"routing of {self.desa_id}"
