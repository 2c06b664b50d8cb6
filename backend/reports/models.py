"""The rollups behind every report: counters and histograms per desa, month and breakdown
(`Tally`), and the same without the breakdown, per region and month (`Summary`).

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

`reports.rollup` keeps both up to date in the transaction of each move (one statement) and
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
    rows instead of thousands. Kept for each desa (months and years: a kecamatan's or the
    kabupaten's table of desa reads one year row per measure and bucket) and for its
    kecamatan and kabupaten (months: their trend and totals). `month` is the first day of the
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
        indexes = [
            # The table of desa of a kabupaten's year (`reports.selectors.digested`): every
            # column it reads, in the order its running totals need, so ~56 000 cells come
            # from an index-only scan without a sort. `n` as a key column (SQLite has no
            # INCLUDE). The price: with `n` indexed, a move's updates of its cells are no
            # longer HOT (each also writes an entry in the unique index; PostgreSQL's
            # bottom-up deletion clears the old ones). Year rows only, to keep it small.
            models.Index(
                fields=["region", "month", "measure", "bucket", "n"],
                condition=models.Q(span="year"),
                name="summary_year_cells",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.span} {self.month} {self.measure}[{self.bucket}] = {self.n}"
