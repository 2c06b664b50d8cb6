from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reports.selectors import COMPLEMENT, DIMENSIONS, SUPPRESSED

PERIODS = ("month", "quarter", "year", "range")


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 0},
            {"type": "string", "enum": [SUPPRESSED, COMPLEMENT]},
        ],
        "description": 'A count; "< 5" when it counts 1–4 complaints; "*" when it is 5 or '
        'more but hidden so that a "< 5" beside it cannot be worked out from the total.',
        "example": 12,
    }
)
class CellField(serializers.Field):
    def to_representation(self, value):
        return value


def _share():
    return serializers.FloatField(
        allow_null=True, help_text="Percent; null when it would reveal a count under 5."
    )


class ReportDaysOut(serializers.Serializer):
    median = serializers.IntegerField(
        allow_null=True, help_text="Exact median working days (61 = more than 60)."
    )
    p90 = serializers.IntegerField(allow_null=True, help_text="Exact 90th percentile.")


class ReportRatingOut(serializers.Serializer):
    count = CellField()
    mean = serializers.FloatField(allow_null=True)
    distribution = serializers.ListField(child=CellField(), help_text="Ratings 1 to 5.")
    rated_share = _share()


class ReportMeasuresOut(serializers.Serializer):
    received = CellField()
    answered = CellField()
    closed = CellField()
    rejected = CellField()
    reopened = CellField()
    within_sla = CellField()
    forwarded = CellField(help_text="Forwarded as not the desa's authority (in `received`).")
    duplicate = CellField(
        help_text="Received, then joined to another complaint as a duplicate (in `received`)."
    )
    answered_share = _share()
    within_sla_share = _share()
    within_7_days_share = _share()
    reopened_share = _share()
    answer_days = ReportDaysOut()
    response_days = ReportDaysOut()
    rating = ReportRatingOut()


class ReportNowOut(serializers.Serializer):
    open = CellField(help_text="Waiting on the office now.")
    overdue = CellField(help_text="Open past the SLA deadline.")
    escalated = CellField(help_text="Open and escalated to the village head.")
    unassignable = CellField(
        help_text="Waiting on a position nobody holds now, or on an official who no longer "
        "holds it: to be reassigned."
    )
    age_0_3 = CellField(help_text="Open, 0–3 working days since receipt.")
    age_4_7 = CellField()
    age_over_7 = CellField()


class ReportRegionOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()


class ReportPeriodOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PERIODS)
    label = serializers.CharField()
    first = serializers.DateField()
    last = serializers.DateField()


class ReportMonthOut(serializers.Serializer):
    month = serializers.DateField()
    measures = ReportMeasuresOut()


class ReportBreakdownRowOut(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    measures = ReportMeasuresOut()


class ReportBreakdownOut(serializers.Serializer):
    by = serializers.ChoiceField(choices=DIMENSIONS)
    rows = ReportBreakdownRowOut(many=True)


class ReportKecamatanOfOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ReportDesaRowOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kecamatan = ReportKecamatanOfOut(help_text="The kecamatan the desa belongs to.")
    measures = ReportMeasuresOut()
    now = ReportNowOut()


class ReportReferenceOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    answered_share = _share()
    within_sla_share = _share()
    within_7_days_share = _share()
    reopened_share = _share()
    answer_days = ReportDaysOut()
    response_days = ReportDaysOut()
    rating_mean = serializers.FloatField(allow_null=True)


class ReportOut(serializers.Serializer):
    region = ReportRegionOut()
    period = ReportPeriodOut()
    totals = ReportMeasuresOut()
    now = ReportNowOut()
    trend = ReportMonthOut(many=True, help_text="One entry per month of the period.")
    breakdown = ReportBreakdownOut(allow_null=True, help_text="With `by`; null without.")
    desa = ReportDesaRowOut(many=True, help_text="Kecamatan and kabupaten: one row per desa.")
    kecamatan_reference = ReportReferenceOut(
        allow_null=True, help_text="A desa's report: its kecamatan's measures, no desa named."
    )


def report_out(found: dict) -> dict:
    """`ReportOut(found).data`, with the table of desa passed on as `reports.selectors.report`
    built it: its rows are already the documented plain values (strings, integers, floats,
    None and cells, in the fields' order), and DRF's fields over a kabupaten's 1 000 desa ×
    ~40 values were most of the time spent serializing its report.
    `tests/reports/test_api.py` holds the two equal, byte for byte once rendered."""
    data = ReportOut({**found, "desa": []}).data
    data["desa"] = found["desa"]
    return data


class ReportQueryIn(serializers.Serializer):
    period = serializers.ChoiceField(choices=PERIODS, default="year")
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False)
    quarter = serializers.IntegerField(min_value=1, max_value=4, required=False)
    start = serializers.DateField(required=False, help_text="`range`: first month (any day).")
    end = serializers.DateField(required=False, help_text="`range`: last month (any day).")
    by = serializers.ChoiceField(choices=DIMENSIONS, required=False)

    def validate(self, attrs):
        kind = attrs["period"]
        if kind == "month" and "month" not in attrs:
            raise serializers.ValidationError({"month": _("Choose the month.")})
        if kind == "quarter" and "quarter" not in attrs:
            raise serializers.ValidationError({"quarter": _("Choose the quarter.")})
        if kind == "range":
            start, end = attrs.get("start"), attrs.get("end")
            if start is None or end is None:
                raise serializers.ValidationError(
                    {"end" if start else "start": _("Give the first and the last month.")}
                )
            if end < start:
                raise serializers.ValidationError({"end": _("The end is before the start.")})
            if (end.year - start.year) * 12 + end.month - start.month >= 60:
                raise serializers.ValidationError({"end": _("Choose at most five years.")})
        return attrs


class ReportPublicMonthOut(serializers.Serializer):
    month = serializers.DateField()
    received = CellField()
    answered = CellField()
    within_7_days_share = _share()
    answer_days_median = serializers.IntegerField(allow_null=True)


class ReportPublicCategoryOut(serializers.Serializer):
    label = serializers.CharField()
    received = CellField()
    answered = CellField()
    within_7_days_share = _share()
    answer_days_median = serializers.IntegerField(allow_null=True)


class ReportPublicRatingOut(serializers.Serializer):
    count = CellField()
    mean = serializers.FloatField(allow_null=True)
    distribution = serializers.ListField(child=CellField())


class ReportPublicDesaOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ReportPublicOut(serializers.Serializer):
    desa = ReportPublicDesaOut()
    year = serializers.IntegerField()
    received = CellField()
    answered = CellField()
    within_7_days_share = _share()
    answer_days_median = serializers.IntegerField(allow_null=True)
    rating = ReportPublicRatingOut()
    by_month = ReportPublicMonthOut(many=True)
    by_category = ReportPublicCategoryOut(many=True)


class ReportPublicQueryIn(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
