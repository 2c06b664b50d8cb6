from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers

from common.api import BaseApi, StrictIn, errors
from common.errors import NotFound
from complaints.identity import pin_matches
from complaints.reads.page import complaint_get
from printables import content, cover_letter, poster, receipts, selectors

PDF = {(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF.")}

PAPER_PARAMETER = OpenApiParameter(
    "paper",
    str,
    OpenApiParameter.PATH,
    enum=list(receipts.PAPERS),
    description="a6, a5, or 58mm (a thermal printer's roll: a page 58 mm wide).",
)


class ReceiptIn(StrictIn):
    pin = serializers.CharField(
        max_length=6,
        required=False,
        allow_blank=True,
        help_text="The PIN shown when the complaint was recorded, to print it on the receipt. "
        "Without it: a reprint, which says the PIN was given at recording.",
    )


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # a receipt may carry the PIN
    return response


class ComplaintReceiptApi(BaseApi):
    @extend_schema(
        operation_id="complaints_receipt",
        parameters=[PAPER_PARAMETER],
        request=ReceiptIn,
        responses={**PDF, **errors(400, 401, 403, 404)},
        summary="The receipt (tanda terima) for the reporter, with the PIN right after "
        "recording, or a reprint without it (intake officer, village head).",
    )
    def post(self, request, code: str, paper: str):
        body = ReceiptIn(data=request.data)
        body.is_valid(raise_exception=True)
        if paper not in receipts.PAPERS:
            raise NotFound()
        complaint = selectors.receipt_complaint_get(actor=request.user, code=code)
        pin = body.validated_data.get("pin") or None
        if pin is not None and not pin_matches(complaint.tracking_code, pin, complaint.pin_hash):
            raise serializers.ValidationError(
                {"pin": [_("This is not the PIN given when it was recorded.")]}
            )
        receipt = receipts.receipt_of(complaint=complaint, pin=pin, request=request)
        data = receipts.render_receipt(receipt, paper)
        return _pdf(data, f"tanda-terima-{complaint.tracking_code}-{paper}.pdf")


class DesaPosterApi(BaseApi):
    @extend_schema(
        operation_id="desa_poster",
        responses={**PDF, **errors(401, 404)},
        summary="The desa's A4 poster of its complaint channels, with a QR code to its page "
        "(intake officer, village head).",
    )
    def get(self, request, code: str):
        desa = selectors.poster_desa_get(actor=request.user, desa_code=code)
        made = poster.poster_of(
            contact=content.contact_of(desa),
            letterhead=content.Letterhead.of(desa),
            page_url=content.desa_page_url(desa, request),
            box=selectors.desa_has_box_team(desa),
        )
        return _pdf(poster.render_poster(made), f"poster-pengaduan-{desa.code}.pdf")


class ComplaintCoverLetterApi(BaseApi):
    def perform_content_negotiation(self, request, force=False):
        # The answer is the file whatever the client's Accept says; errors stay JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="complaints_forwarding_letter",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The cover letter (surat pengantar)."
            ),
            **errors(401, 403, 404, 409),
        },
        summary="The cover letter of a forwarded complaint as a PDF, with the desa's "
        "letterhead; the reporter is named only if they agreed (intake officer, village head).",
    )
    def get(self, request, code: str):
        complaint = complaint_get(actor=request.user, code=code)
        letter = cover_letter.cover_letter_of(complaint=complaint, actor=request.user)
        return _pdf(
            cover_letter.render_cover_letter(letter),
            f"surat-pengantar-{complaint.tracking_code}.pdf",
        )
