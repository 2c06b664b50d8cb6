"""The part of the reads' documented JSON that another app defines: a complaint's SLA clock
as `sla` renders it. `complaints.api.serializers` documents the inbox row, the complaint's
page and tracking with it, through this module, the read boundary (`complaints.reads`)."""

from sla.api.serializers import ComplaintSlaField, ComplaintSlaOut

__all__ = ["ComplaintSlaField", "ComplaintSlaOut"]
