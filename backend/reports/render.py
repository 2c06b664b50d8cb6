"""The reports as files for the BPD, the Musyawarah Desa and the camat: PDF (A4 portrait,
ReportLab like the register book) and XLSX (xlsxwriter). They print what the API returns
(`reports.selectors.report`): the same suppressed cells, nothing about any complaint."""

import io
from datetime import datetime

import xlsxwriter
from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from common.pdf import fit, fonts

_WIDTH, _HEIGHT = A4
_SIDE = 42.0
_BODY = _WIDTH - 2 * _SIDE
_GREY = Color(0.9, 0.9, 0.9)
_BAR = Color(0.04, 0.36, 0.23)


def _text(cell) -> str:
    if cell is None:
        return "–"
    if isinstance(cell, float):
        return formats.number_format(cell, 1)
    return str(cell)


def _cell(cell, suffix: str = "") -> str:
    return "–" if cell is None else _text(cell) + suffix


# Rows from here on compare with the kecamatan (shares, days, mean); counts before do not.
_COMPARABLE_FROM = 6


def _rows_of(measures: dict) -> list[tuple[str, object, str]]:
    """(label, cell, suffix) of the measures a report prints."""
    return [
        (_("Received"), measures["received"], ""),
        (_("Answered"), measures["answered"], ""),
        (_("Closed"), measures["closed"], ""),
        (_("Rejected"), measures["rejected"], ""),
        (_("Forwarded (not the desa's authority)"), measures["forwarded"], ""),
        (_("Joined to another complaint (duplicates)"), measures["duplicate"], ""),
        (_("Answered (%)"), measures["answered_share"], " %"),
        (_("Answered on time (%)"), measures["within_sla_share"], " %"),
        (_("Answered within 7 working days (%)"), measures["within_7_days_share"], " %"),
        (_("Reopened after an objection (%)"), measures["reopened_share"], " %"),
        (_("Median working days to the first response"), measures["response_days"]["median"], ""),
        (_("Median working days to the answer"), measures["answer_days"]["median"], ""),
        (_("90th percentile, working days to the answer"), measures["answer_days"]["p90"], ""),
        (_("Mean rating (1–5)"), measures["rating"]["mean"], ""),
        (_("Ratings given"), measures["rating"]["count"], ""),
    ]


class _Page:
    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.fonts = fonts()
        self.y = _HEIGHT - 40

    def line(self, text: str, size: float = 9, bold: bool = False, centre: bool = False) -> None:
        font = self.fonts["bold" if bold else "regular"]
        self.y -= size * 1.4
        self.canvas.setFont(font, size)
        text = fit(text, font, size, _BODY)
        if centre:
            self.canvas.drawCentredString(_WIDTH / 2, self.y, text)
        else:
            self.canvas.drawString(_SIDE, self.y, text)

    def letterhead(self, lines: list[tuple[str, float]], title: str, period: str) -> None:
        for text, size in lines:
            self.line(text, size, bold=True, centre=True)
        self.y -= 5
        self.canvas.setLineWidth(0.7)
        for offset in (0.35, 1.65):
            self.canvas.line(_SIDE, self.y - offset, _WIDTH - _SIDE, self.y - offset)
        self.y -= 8
        self.line(title, 11, bold=True, centre=True)
        self.line(period, 9, centre=True)
        self.y -= 6

    def table(self, head: list[str], rows: list[list[str]], widths: list[float]) -> None:
        """A ruled table; widths in fractions of the body. New pages as needed."""
        edges = [_SIDE]
        for width in widths:
            edges.append(edges[-1] + width * _BODY)
        size, height = 7.5, 12.0
        for index, row in enumerate([head, *rows]):
            if self.y - height < 110:
                self.canvas.showPage()
                self.y = _HEIGHT - 40
            top = self.y
            if index == 0:
                self.canvas.setFillColor(_GREY)
                self.canvas.rect(_SIDE, top - height, _BODY, height, stroke=0, fill=1)
                self.canvas.setFillColor(black)
            font = self.fonts["bold" if index == 0 else "regular"]
            self.canvas.setFont(font, size)
            for column, value in enumerate(row):
                left, right = edges[column], edges[column + 1]
                text = fit(value, font, size, right - left - 4)
                if column == 0:
                    self.canvas.drawString(left + 2, top - height + 3.5, text)
                else:
                    self.canvas.drawRightString(right - 2, top - height + 3.5, text)
            self.canvas.setLineWidth(0.3)
            self.canvas.line(_SIDE, top - height, _WIDTH - _SIDE, top - height)
            self.y = top - height
        self.y -= 10

    def bars(self, title: str, points: list[tuple[str, object]]) -> None:
        """Small bars per month; hidden cells ("< 5", "*") drawn as no bar, labelled."""
        values = [value if isinstance(value, int) else 0 for _label, value in points]
        top = max([*values, 1])
        self.line(title, 8.5, bold=True)
        height, base = 60.0, self.y - 70
        step = _BODY / max(len(points), 1)
        self.canvas.setFont(self.fonts["regular"], 6.5)
        for index, (label, value) in enumerate(points):
            x = _SIDE + index * step
            bar = height * (value if isinstance(value, int) else 0) / top
            self.canvas.setFillColor(_BAR)
            self.canvas.rect(x + step * 0.2, base, step * 0.6, bar, stroke=0, fill=1)
            self.canvas.setFillColor(black)
            self.canvas.drawCentredString(x + step / 2, base + bar + 2, _text(value))
            self.canvas.drawCentredString(x + step / 2, base - 8, label)
        self.y = base - 16

    def entries(self, entries: list[tuple[str, str, str]]) -> None:
        """Numbered entries: a bold title with its date, the text wrapped below it."""
        regular, bold = self.fonts["regular"], self.fonts["bold"]
        for number, (title, when, text) in enumerate(entries, start=1):
            lines = simpleSplit(text, regular, 8, _BODY - 14)
            if self.y - 11 * (len(lines) + 1) < 110:
                self.canvas.showPage()
                self.y = _HEIGHT - 40
            self.y -= 11
            self.canvas.setFont(bold, 8)
            self.canvas.drawString(_SIDE, self.y, f"{number}.")
            self.canvas.drawString(_SIDE + 14, self.y, fit(title, bold, 8, _BODY - 80))
            self.canvas.setFont(regular, 7.5)
            self.canvas.drawRightString(_WIDTH - _SIDE, self.y, when)
            self.canvas.setFont(regular, 8)
            for line in lines:
                self.y -= 10
                self.canvas.drawString(_SIDE + 14, self.y, line)
            self.y -= 3
        self.y -= 8

    def signature(self, place: str, printed_at: datetime, role: str, name: str) -> None:
        if self.y < 120:
            self.canvas.showPage()
            self.y = _HEIGHT - 40
        regular, bold = self.fonts["regular"], self.fonts["bold"]
        centre = _SIDE + 0.8 * _BODY
        y = self.y - 20
        self.canvas.setFont(regular, 8.5)
        self.canvas.drawCentredString(
            centre, y, f"{place}, {formats.date_format(printed_at, 'j F Y')}"
        )
        self.canvas.drawCentredString(centre, y - 12, role)
        self.canvas.setFont(bold, 8.5)
        y -= 64
        self.canvas.drawCentredString(centre, y, name or " ")
        width = max(120.0, self.canvas.stringWidth(name, bold, 8.5)) if name else 120.0
        self.canvas.line(centre - width / 2, y - 1.5, centre + width / 2, y - 1.5)


def _month_label(month) -> str:
    return formats.date_format(month, "M")


def _most_received_first(report: dict) -> list[dict]:
    """The categories the desa received most first. A hidden count ("< 5", "*") goes last, in
    the name's order: placing it by its true value would tell what it hides."""
    rows = (report.get("breakdown") or {}).get("rows", [])

    def key(row: dict) -> tuple[bool, int, str]:
        received = row["measures"]["received"]
        shown = isinstance(received, int)
        return (not shown, -received if shown else 0, row["label"])

    return sorted(rows, key=key)


def render_pdf(report: dict, *, printed_at: datetime, signer: str) -> bytes:
    """Desa: letterhead, measures beside the kecamatan's, months, categories, the village
    head's signature block. Kecamatan: its desa side by side, the camat's block."""
    output = io.BytesIO()
    canvas = Canvas(output, pagesize=A4, pageCompression=1, initialFontName=fonts()["regular"])
    canvas.setCreator("Pengaduan Desa")
    region, period = report["region"], report["period"]
    page = _Page(canvas)
    ancestors = report.get("ancestors", {})
    kabupaten = _("GOVERNMENT OF KABUPATEN %(name)s") % {
        "name": ancestors.get("kabupaten", "").upper()
    }
    period_text = _("Period: %(label)s") % {"label": period["label"]}
    if region["level"] == "desa":
        canvas.setTitle(_("Complaint report — Desa %(desa)s") % {"desa": region["name"]})
        page.letterhead(
            [
                (kabupaten, 10),
                (_("KECAMATAN %(name)s") % {"name": ancestors.get("kecamatan", "").upper()}, 10),
                (_("DESA %(name)s") % {"name": region["name"].upper()}, 12),
            ],
            _("COMPLAINT SERVICE REPORT"),
            period_text,
        )
        reference = report["kecamatan_reference"] or {}
        ref_measures = {
            **report["totals"],
            **{k: v for k, v in reference.items() if k not in ("code", "name")},
            "rating": {**report["totals"]["rating"], "mean": reference.get("rating_mean")},
        }
        ours = _rows_of(report["totals"])
        theirs = _rows_of(ref_measures)
        rows = []
        for index, ((label, cell, suffix), (_l, ref, _s)) in enumerate(
            zip(ours, theirs, strict=True)
        ):
            shared = _COMPARABLE_FROM <= index < len(ours) - 1  # not the counts
            rows.append([label, _cell(cell, suffix), _cell(ref, suffix) if shared else "–"])
        page.table(
            [
                _("Measure"),
                region["name"],
                _("Kec. %(name)s") % {"name": reference.get("name", "")},
            ],
            rows,
            [0.6, 0.2, 0.2],
        )
        page.bars(
            _("Complaints received per month"),
            [(_month_label(m["month"]), m["measures"]["received"]) for m in report["trend"]],
        )
        breakdown = _most_received_first(report)
        if breakdown:
            page.line(_("Top categories"), 8.5, bold=True)
            page.y -= 4
            page.table(
                [_("Category"), _("Received"), _("Answered"), _("Median working days")],
                [
                    [row["label"], _text(row["measures"]["received"]),
                     _text(row["measures"]["answered"]),
                     _text(row["measures"]["answer_days"]["median"])]
                    for row in breakdown
                ],
                [0.55, 0.15, 0.15, 0.15],
            )  # fmt: skip
        done, done_total = report.get("done", []), report.get("done_total", 0)
        page.line(_("What was done"), 8.5, bold=True)
        if done:
            page.entries(
                [(entry["title"], formats.date_format(entry["closed_on"], "j M Y"),
                  entry["outcome"]) for entry in done]
            )  # fmt: skip
            if done_total > len(done):
                page.line(
                    _("… and %(count)s more closed complaints; the first %(listed)s are listed.")
                    % {"count": done_total - len(done), "listed": len(done)},
                    7.5,
                )
        else:
            page.line(_("No closed complaint with an outcome approved for publication."), 8)
        page.y -= 4
        page.line(
            _('Counts of 1 to 4 complaints show as "< 5"; "*" hides a count that would give '
              "one away. No reporter is named in this report."),
            7,
        )  # fmt: skip
        page.signature(
            region["name"], printed_at, _("Village head of %(desa)s") % {"desa": region["name"]},
            signer,
        )  # fmt: skip
    else:
        canvas.setTitle(_("Complaint report — Kec. %(name)s") % {"name": region["name"]})
        page.letterhead(
            [(kabupaten, 10), (_("KECAMATAN %(name)s") % {"name": region["name"].upper()}, 12)],
            _("COMPLAINT SERVICE REPORT OF THE DESA"),
            period_text,
        )
        head = [_("Desa"), _("Received"), _("Answered (%)"), _("On time (%)"),
                _("Median days"), _("P90 days"), _("Mean rating"), _("Overdue now")]  # fmt: skip

        def cells(name: str, measures: dict, now: dict) -> list[str]:
            return [
                name, _text(measures["received"]), _text(measures["answered_share"]),
                _text(measures["within_sla_share"]), _text(measures["answer_days"]["median"]),
                _text(measures["answer_days"]["p90"]), _text(measures["rating"]["mean"]),
                _text(now["overdue"]),
            ]  # fmt: skip

        rows = [cells(row["name"], row["measures"], row["now"]) for row in report["desa"]]
        rows.append(cells(_("Whole kecamatan"), report["totals"], report["now"]))
        page.table(head, rows, [0.23, 0.1, 0.11, 0.11, 0.11, 0.11, 0.11, 0.12])
        page.bars(
            _("Complaints received per month"),
            [(_month_label(m["month"]), m["measures"]["received"]) for m in report["trend"]],
        )
        page.line(
            _('Counts of 1 to 4 complaints show as "< 5"; "*" hides a count that would give '
              "one away. No reporter is named in this report."),
            7,
        )  # fmt: skip
        page.signature(
            region["name"], printed_at, _("Camat of %(name)s") % {"name": region["name"]}, signer
        )
    canvas.showPage()
    canvas.save()
    return output.getvalue()


def render_xlsx(report: dict) -> bytes:
    """Sheets: the measures, the months, and the categories (desa) or the desa (kecamatan)."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#E6E6E6"})
    region = report["region"]
    summary = book.add_worksheet(_("Summary"))
    summary.write_row(0, 0, [region["name"], report["period"]["label"]], bold)
    for index, (label, cell, _suffix) in enumerate(_rows_of(report["totals"]), start=1):
        summary.write(index, 0, label)
        summary.write(index, 1, cell if cell is not None else "–")
    summary.set_column(0, 0, 48)
    months = book.add_worksheet(_("By month"))
    months.write_row(0, 0, [_("Month"), _("Received"), _("Answered"),
                            _("Median working days")], bold)  # fmt: skip
    for index, month in enumerate(report["trend"], start=1):
        m = month["measures"]
        median = m["answer_days"]["median"]
        months.write_row(index, 0, [month["month"].strftime("%Y-%m"), m["received"], m["answered"],
                                    median if median is not None else "–"])  # fmt: skip
    if region["level"] == "desa":
        sheet = book.add_worksheet(_("By category"))
        sheet.write_row(0, 0, [_("Category"), _("Received"), _("Answered")], bold)
        for index, row in enumerate(_most_received_first(report), start=1):
            sheet.write_row(index, 0, [row["label"], row["measures"]["received"],
                                       row["measures"]["answered"]])  # fmt: skip
        done = book.add_worksheet(_("Follow-up"))  # a sheet name: 31 characters at most
        done.write_row(0, 0, [_("Closed on"), _("Complaint"), _("Outcome")], bold)
        for index, entry in enumerate(report.get("done", []), start=1):
            done.write_row(index, 0, [entry["closed_on"].isoformat(), entry["title"],
                                      entry["outcome"]])  # fmt: skip
        done.set_column(1, 2, 60)
    else:
        sheet = book.add_worksheet(_("By desa"))
        sheet.write_row(0, 0, [_("Desa"), _("Received"), _("Answered"), _("Answered (%)"),
                               _("Median working days"), _("Overdue now")], bold)  # fmt: skip
        for index, row in enumerate(report["desa"], start=1):
            m = row["measures"]
            median = m["answer_days"]["median"]
            sheet.write_row(index, 0, [
                row["name"], m["received"], m["answered"],
                m["answered_share"] if m["answered_share"] is not None else "–",
                median if median is not None else "–", row["now"]["overdue"],
            ])  # fmt: skip
    book.close()
    return output.getvalue()
