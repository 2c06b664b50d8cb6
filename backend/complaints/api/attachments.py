"""Upload and download of complaint attachments; the rules live in `complaints.attachments`."""

import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from common.api import BaseApi, PublicApi, StrictIn, errors
from common.errors import PayloadTooLarge
from common.schema import links
from common.storage import LOCATION_HEADER, PRESIGNED_REDIRECT, download_response
from complaints.api.serializers import AttachmentOut
from complaints.attachments import (
    AUDIO_TYPES,
    PDF,
    TRACK_LINK_WINDOW_SECONDS,
    attachment_add,
    attachment_by_link,
    attachment_filename,
    attachment_get,
    attachment_thumbnail,
)
from complaints.models import Visibility
from complaints.reads.page import complaint_get, complaint_track
from complaints.throttling import DEVICE_PARAMETER, TRACK_THROTTLES

FILE_HELP = (
    "A photo (JPEG, PNG, WebP) or a PDF, judged by its content; at most ATTACHMENT_MAX_BYTES "
    "(5 MB by default), else 413."
)
KEEP_LOCATION_HELP = (
    "Keep the photo as taken, EXIF and GPS location included. By default photos are "
    "re-encoded without metadata."
)


class AttachmentUploadIn(StrictIn):
    file = serializers.FileField(help_text=FILE_HELP)
    visibility = serializers.ChoiceField(
        choices=Visibility.choices,
        default=Visibility.STAFF,
        help_text="Staff only; what the reporter uploads is always `public`.",
    )
    keep_location = serializers.BooleanField(default=False, help_text=KEEP_LOCATION_HELP)
    for_answer = serializers.BooleanField(
        default=False,
        help_text="A file for the answer being written (whoever may deliver it now): "
        "staff-only until the answer is delivered, then public with that answer; "
        "`visibility` is ignored. 409 when the complaint is not being followed up.",
    )


class TrackAttachmentUploadIn(StrictIn):
    code = serializers.CharField(max_length=20)
    pin = serializers.CharField(max_length=6)
    file = serializers.FileField(help_text=FILE_HELP)
    keep_location = serializers.BooleanField(default=False, help_text=KEEP_LOCATION_HELP)


class OversizedUpload(UploadedFile):
    """Stands for a file part that went past the limit: its true size, none of its bytes."""

    def __init__(self, name: str, content_type: str, size: int):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class AttachmentSizeGuard(FileUploadHandler):
    """Keeps at most ATTACHMENT_MAX_BYTES of file data per request, in memory or on disk.

    Django stores a file part whatever its size (DATA_UPLOAD_MAX_MEMORY_SIZE counts only the
    other fields), so a huge upload would fill the temp directory before the view could
    refuse it. Past the limit the rest is read and dropped, and the part becomes an
    `OversizedUpload`, which `attachment_add` refuses with 413 and a message.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.kept = 0  # bytes of every part passed on to Django's storing handlers
        self.received = 0  # bytes of the current part
        self.overflowed = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.overflowed = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.overflowed or self.kept + len(raw_data) > settings.ATTACHMENT_MAX_BYTES:
            self.overflowed = True
            return None  # the handlers after this one never see the chunk
        self.kept += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        if not self.overflowed:
            return None  # the next handler (memory or temporary file) returns the file
        return OversizedUpload(self.file_name, self.content_type, self.received)


# Comments, not docstrings: drf-spectacular would copy a docstring into every operation.
class UploadMixin:
    # Multipart parsing for the upload views, bounded in size and answering 413 past it.

    parser_classes = [MultiPartParser, FormParser]

    def initial(self, request, *args, **kwargs):
        # Before anything reads request.data: the throttles do, for the tracking code.
        request.upload_handlers.insert(0, AttachmentSizeGuard(request))
        super().initial(request, *args, **kwargs)  # type: ignore[misc]

    def handle_exception(self, exc):
        # Form fields (not files) past DATA_UPLOAD_MAX_MEMORY_SIZE: Django's own refusal would
        # be an HTML 400 page.
        if isinstance(exc, RequestDataTooBig):
            exc = PayloadTooLarge(extra={"max_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
        return super().handle_exception(exc)  # type: ignore[misc]


class ComplaintAttachmentUploadApi(UploadMixin, BaseApi):
    @extend_schema(
        operation_id="complaints_attachment_add",
        extensions=links(
            201,
            complaints_attachment_download={
                "code": "$request.path.code",
                "token": "$response.body#/token",
            },
        ),
        request={"multipart/form-data": AttachmentUploadIn},
        responses={201: AttachmentOut, **errors(400, 401, 403, 404, 409, 413)},
        summary="Attach a photo or PDF: the reporter's evidence, or staff follow-up evidence.",
    )
    def post(self, request, code: str):
        body = AttachmentUploadIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        complaint = complaint_get(actor=request.user, code=code)
        attachment = attachment_add(
            complaint=complaint,
            actor=request.user,
            upload=data["file"],
            visibility=data["visibility"],
            keep_location=data["keep_location"],
            for_answer=data["for_answer"],
        )
        return Response(AttachmentOut(attachment).data, status=status.HTTP_201_CREATED)


class TrackAttachmentUploadApi(UploadMixin, PublicApi):
    throttle_classes = TRACK_THROTTLES

    @extend_schema(
        operation_id="track_attachment_add",
        parameters=[DEVICE_PARAMETER],
        request={"multipart/form-data": TrackAttachmentUploadIn},
        responses={201: AttachmentOut, **errors(400, 404, 409, 413, 429)},
        summary="Attach a photo or PDF with the tracking code and PIN (no account needed).",
    )
    def post(self, request):
        body = TrackAttachmentUploadIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        complaint = complaint_track(code=data["code"], pin=data["pin"])
        attachment = attachment_add(
            complaint=complaint,
            actor=None,
            upload=data["file"],
            visibility=Visibility.PUBLIC,
            keep_location=data["keep_location"],
            as_reporter=True,
        )
        return Response(AttachmentOut(attachment).data, status=status.HTTP_201_CREATED)


_FILE = OpenApiResponse(
    response=OpenApiTypes.BINARY,
    description="The file. PDFs come with `Content-Disposition: attachment`.",
)
# What anyone may upload (complaints.attachments): a photo or a PDF.
_PHOTO_OR_PDF = {
    (200, media_type): _FILE for media_type in ("image/jpeg", "image/png", "image/webp", PDF)
}


class FileResponseMixin:
    def perform_content_negotiation(self, request, force=False):
        # The answer is the file whatever the client's Accept says (an <img> asks for image/*);
        # errors stay JSON.
        return super().perform_content_negotiation(request, force=True)  # type: ignore[misc]


def _file_response(file, *, content_type: str, filename: str, cache: str):
    response = download_response(
        file,
        content_type=content_type,
        # A PDF may carry scripts: saved, never rendered in our origin.
        as_attachment=content_type == PDF,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if response.status_code == 200:
        response["Cache-Control"] = cache
    # Opened on its own, the file can run nothing and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _attachment_response(attachment, *, cache: str):
    """The attachment's own file, under the name `attachment_filename` gives it."""
    return _file_response(
        attachment.file,
        content_type=attachment.content_type,
        filename=attachment_filename(attachment),
        cache=cache,
    )


class AttachmentDownloadApi(FileResponseMixin, BaseApi):
    @extend_schema(
        operation_id="complaints_attachment_download",
        parameters=[LOCATION_HEADER],
        responses={
            **_PHOTO_OR_PDF,
            # Voice notes of a WhatsApp conversation, staff-only (complaints.attachments).
            **{(200, audio): _FILE for audio in AUDIO_TYPES},
            **PRESIGNED_REDIRECT,
            **errors(401, 404),
        },
        summary="Download an attachment of a complaint the caller may see.",
    )
    def get(self, request, code: str, token: str):
        attachment = attachment_get(actor=request.user, code=code, token=token)
        return _attachment_response(attachment, cache="private")


# The link is valid for at least one window: the phone may keep the bytes that long.
_TRACK_CACHE = f"private, max-age={TRACK_LINK_WINDOW_SECONDS}"


class TrackFileApi(FileResponseMixin, PublicApi):
    @extend_schema(
        operation_id="track_file",
        parameters=[LOCATION_HEADER],
        responses={**_PHOTO_OR_PDF, **PRESIGNED_REDIRECT, **errors(404)},
        summary="A file of the tracking page, by the link a tracking response gave "
        "(`url`): 404 once expired, altered, or after the PIN changed.",
    )
    def get(self, request, signed: str):
        return _attachment_response(attachment_by_link(signed), cache=_TRACK_CACHE)


class TrackFileThumbnailApi(FileResponseMixin, PublicApi):
    @extend_schema(
        operation_id="track_file_thumbnail",
        parameters=[LOCATION_HEADER],
        responses={(200, "image/jpeg"): _FILE, **PRESIGNED_REDIRECT, **errors(404)},
        summary="A photo's thumbnail for the tracking page, by the link a tracking response "
        "gave (`thumbnail_url`); 404 for a PDF.",
    )
    def get(self, request, signed: str):
        attachment = attachment_thumbnail(attachment_by_link(signed))
        return _file_response(
            attachment.thumbnail,
            content_type="image/jpeg",
            filename=f"{attachment.complaint.tracking_code}-{attachment.token[:8]}-thumb.jpg",
            cache=_TRACK_CACHE,
        )
