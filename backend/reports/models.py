"""The rollups behind every report: counters and histograms per desa, month and breakdown
(`Tally`), the same without the breakdown, per region and month (`Summary`), and per desa
and year in one row a measure (`DesaYear`).

One narrow table. A row counts, for the complaints a desa received in one month (the cohort
month: the month of receipt in the desa's time zone, or of the rejection for one turned
away before receipt) of one category, channel, kind and priority, one `measure`:

- counters (bucket 0): `received`, `rejected`, `answered` (has an answer standing now),
  `closed`, `within_sla` (answered no later than its SLA deadline), `reopened` (objected to
  at least once);
- histograms (bucket = working days, `TAIL` for more than `TAIL - 1`): `answer_days`
  (receipt → the standing answer) and `response_days` (receipt → first response: a request
  for information, an answer or a public note);
- `rating` (bucket = the rating 1–5).

`reports.rollup` keeps them up to date in the transaction of each move (one statement) and
rebuilds them from the complaints every night.
"""

from django.db import models


class Measure(models.TextChoices):
    RECEIVED = "received"
    REJECTED = "rejected"
    ANSWERED = "answered"
    CLOSED = "closed"
    WITHIN_SLA = "within_sla"
    REOPENED = "reopened"
    ANSWER_DAYS = "answer_days"
    RESPONSE_DAYS = "response_days"
    RATING = "rating"
    # Counted apart (docs/domain.md): sent on as not the desa's authority, and received
    # complaints joined to another as duplicates. Neither is answered by the desa.
    FORWARDED = "forwarded"
    DUPLICATE = "duplicate"


# Histogram buckets: one per working day 0–60, and 61 for "more than 60".
TAIL = 61


class Tally(models.Model):
    desa = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the cohort month
    category = models.ForeignKey("complaints.Category", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=16)
    kind = models.CharField(max_length=24)
    priority = models.CharField(max_length=2)
    measure = models.CharField(max_length=16, choices=Measure.choices)
    bucket = models.SmallIntegerField(default=0)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "desa", "month", "category", "channel", "kind", "priority", "measure",
                    "bucket",
                ],
                name="tally_one_row_per_cell",
            )
        ]  # fmt: skip
        indexes = [models.Index(fields=["month", "desa"])]

    def __str__(self) -> str:
        return f"{self.desa_id} {self.month} {self.measure}[{self.bucket}] = {self.n}"


class Span(models.TextChoices):
    MONTH = "month"
    YEAR = "year"


class Summary(models.Model):
    """`Tally` without the category, channel, kind and priority split, which a report shows
    only when asked for a breakdown: a region's month (or a desa's year) is then a few dozen
    rows instead of thousands. Kept for each desa (months and years; the table of desa of a
    year reads `DesaYear` instead) and for its kecamatan and kabupaten (months: their trend
    and totals). `month` is the first day of the
    month, or of the year for `Span.YEAR`. Always the sum of the `Tally` cells it covers."""

    # The unique constraint leads with the region: it serves the foreign key too.
    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    span = models.CharField(max_length=5, choices=Span.choices)
    month = models.DateField()
    measure = models.CharField(max_length=16, choices=Measure.choices)
    bucket = models.SmallIntegerField(default=0)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "span", "month", "measure", "bucket"],
                name="summary_one_row_per_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.span} {self.month} {self.measure}[{self.bucket}] = {self.n}"


class DesaYear(models.Model):
    """A desa's year of one measure in one row: `upto_<k>` counts its complaints in buckets
    0 to k (a cumulative histogram; `upto_61` is the total, `upto_7` those within 7 working
    days). The table of desa of a kecamatan's or kabupaten's year reads one row per desa and
    measure (~11 000 for 1 000 desa) instead of one per bucket, and a percentile is the
    first column that reaches its share: a binary search of a few comparisons in SQL
    (`reports.selectors.digested`), with no running totals to compute. Cumulative rather
    than per bucket so that a move still adds its delta with one upsert: a count in bucket
    b adds to every column from b on. Always the sum of the desa's `Tally` cells of the
    year; the columns are added in the loop below the class."""

    desa = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+",
                             db_index=False)  # fmt: skip
    year = models.DateField()  # the first day of the year
    measure = models.CharField(max_length=16, choices=Measure.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["desa", "year", "measure"], name="desayear_one_row_per_measure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.desa_id} {self.year:%Y} {self.measure} = {self.total}"

    @property
    def total(self) -> int:
        return getattr(self, upto(TAIL))


def upto(bucket: int) -> str:
    """The column of `DesaYear` counting buckets 0 to `bucket`."""
    return f"upto_{bucket}"


UPTO = [upto(bucket) for bucket in range(TAIL + 1)]
for _column in UPTO:
    DesaYear.add_to_class(_column, models.IntegerField(default=0))
