"""Attachments of a complaint: photos and documents, accepted by their content.

A photo is re-encoded so that its EXIF (GPS location, camera serial, time) goes away, unless
the uploader chose to keep it. Files are written through the model's FileField, that is
`default_storage`, so S3-compatible storage stays a change of `STORAGES` in the settings.
"""

import io
import secrets
import struct
import time
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.signing import BadSignature, TimestampSigner, b62_encode
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from accounts.models import User
from common.errors import InvalidTransition, NotAllowed, NotFound, PayloadTooLarge
from complaints import state
from complaints.access import capacities
from complaints.models import Attachment, Complaint, Visibility
from complaints.reads.page import complaint_get
from complaints.state import Action, Capacity

# Evidence for one complaint, not an album; also bounds the storage one tracking code can fill.
MAX_ATTACHMENTS_PER_COMPLAINT = 10
# A 48 MP phone photo fits; decoding one takes ~150 MB of memory. A small file claiming more
# pixels (a decompression bomb) is refused from its header, before anything is decoded.
MAX_IMAGE_PIXELS = 50_000_000
# Visually lossless for photos of evidence, and well below a phone camera's file size.
PHOTO_QUALITY = 85
# The tracking page's thumbnails: sharp on a 2x phone screen at 160 px, ~20 KB where the
# photo is up to ATTACHMENT_MAX_BYTES (a weak signal pays for every byte).
THUMBNAIL_PIXELS = 320
THUMBNAIL_QUALITY = 70
# A tracking response's file links are signed for the window they were issued in and the
# next one: 10 to 20 minutes, the same URL within a window so the phone's cache serves it.
TRACK_LINK_WINDOW_SECONDS = 600
# `%%EOF` ends a PDF; writers may append a newline or a little padding after it.
PDF_TAIL_BYTES = 1024

PDF = "application/pdf"
# Pillow format → stored content type. MPO is the multi-picture JPEG that many phones write
# (a JPEG with a depth map or preview appended); it is stored and served as a JPEG.
IMAGE_TYPES = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Voice notes (a WhatsApp audio message made a complaint): leading bytes → content type.
# Only the intake keeps them (`voice_note=True`), staff-only; uploads stay photos and PDFs.
AUDIO_SIGNATURES = [
    (b"OggS", "audio/ogg"),  # WhatsApp's own voice notes: Ogg/Opus
    (b"ID3", "audio/mpeg"),  # MP3 with a tag, or a bare MPEG-1/2 layer III frame
    (b"\xff\xfb", "audio/mpeg"),
    (b"\xff\xf3", "audio/mpeg"),
    (b"\xff\xf2", "audio/mpeg"),
    (b"\xff\xf1", "audio/aac"),  # AAC in ADTS frames (MPEG-4, MPEG-2)
    (b"\xff\xf9", "audio/aac"),
]
AUDIO_TYPES = ("audio/aac", "audio/mp4", "audio/mpeg", "audio/ogg")
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    PDF: "pdf",
    "audio/ogg": "ogg",
    "audio/mpeg": "mp3",
    "audio/aac": "aac",
    "audio/mp4": "m4a",
}

STAFF = frozenset({Capacity.INTAKE, Capacity.HEAD, Capacity.ASSIGNEE})

# What Pillow raises for a truncated or malformed file, depending on the format and the flaw.
_BROKEN_IMAGE = (OSError, SyntaxError, ValueError, TypeError, EOFError, IndexError, struct.error)


def attachment_add(
    *,
    complaint: Complaint,
    actor: User | None,
    upload: File,
    visibility: str,
    keep_location: bool = False,
    as_reporter: bool = False,
    as_recorder: bool = False,
    voice_note: bool = False,
    for_answer: bool = False,
) -> Attachment:
    """Attach a photo (JPEG, PNG, WebP) or a PDF to a complaint, and store it.

    `voice_note`: an audio message the office received (Ogg, MP3, AAC or MP4 audio, judged
    from the bytes, within the same size limit), staff-only whatever `visibility` says: a
    voice identifies its speaker, so it is never shown to the public or in the reporter's
    view. Office staff only; the intake asks for it when a draft becomes a complaint.

    The reporter (their account, or `as_reporter` when the caller checked code + PIN) adds
    evidence while the complaint is not finished, always visible to them; the office and the
    assignee add follow-up evidence, `staff` (internal) or `public`. Others: NotAllowed.
    Refuses a file over `ATTACHMENT_MAX_BYTES` (PayloadTooLarge, from its size alone), a type
    other than the four (judged from the bytes, never the name), and the attachment beyond
    MAX_ATTACHMENTS_PER_COMPLAINT (counted under a lock on the complaint row). Photos are
    stored upright without metadata unless `keep_location`, which keeps the original bytes.

    `as_recorder`: the staff member who typed the complaint in adds the paper it came on
    (the photo of a suggestion-box slip), as the office would; a service asks for it.

    `for_answer`: a file for the answer being written (a photo of the repair, a signed
    letter), by whoever may deliver the answer now; staff-only until the answer move links
    it to the answer and makes it public (`complaint_transition`). Others: NotAllowed, or
    InvalidTransition when they may answer but the complaint is not being followed up.
    """
    held = capacities(actor, complaint) if actor is not None else set()
    if as_reporter:
        held.add(Capacity.REPORTER)
    recorder = as_recorder and actor is not None and complaint.entered_by_id == actor.pk
    if for_answer:
        allowed = state.allowed_actions(complaint.status, held)
        if Action.ANSWER not in allowed:
            if not held & {Capacity.ASSIGNEE, Capacity.INTAKE}:
                raise NotAllowed()
            raise InvalidTransition(
                _("Files for the answer can be attached while the complaint is followed up."),
                extra={"allowed_actions": [str(action) for action in allowed]},
            )
        visibility = Visibility.STAFF
    elif voice_note:
        if not held & STAFF:
            raise NotAllowed()
        visibility = Visibility.STAFF
    elif held & STAFF or recorder:
        visibility = Visibility(visibility)
    elif Capacity.REPORTER in held:
        if complaint.status in state.TERMINAL:
            raise InvalidTransition(
                _("The complaint is finished; attachments can no longer be added."),
                extra={"allowed_actions": []},
            )
        visibility = Visibility.PUBLIC  # the reporter's evidence is never hidden from them
    else:
        raise NotAllowed()

    data = _read_within_limit(upload)
    _check_room(complaint)  # before the costly decoding; checked again under the lock
    if voice_note:
        content_type = audio_type(data) or ""
        if content_type not in AUDIO_TYPES:
            raise _refused(_("Send a voice note as Ogg, MP3, AAC or MP4 audio."))
    else:
        content_type, data = _accepted(data, keep_location=keep_location)

    token = secrets.token_urlsafe(24)  # 32 characters, 192 random bits
    attachment = Attachment(
        complaint=complaint,
        token=token,
        content_type=content_type,
        size=len(data),
        visibility=visibility,
        uploaded_by=actor,
        for_answer=for_answer,
    )
    thumbnail = _thumbnail(data) if content_type in IMAGE_TYPES.values() else None
    try:
        with transaction.atomic():
            Complaint.objects.select_for_update().only("pk").get(pk=complaint.pk)
            _check_room(complaint)
            # The name given here is ignored: `attachment_path` names the file by its token.
            attachment.file.save(token, ContentFile(data), save=False)
            if thumbnail is not None:
                attachment.thumbnail.save(token, ContentFile(thumbnail), save=False)
            attachment.save()
    except Exception:
        # Written, but the row was not: leave no orphan in the storage.
        for written in (attachment.file, attachment.thumbnail):
            if written:
                written.delete(save=False)
        raise
    return attachment


def _thumbnail(data: bytes) -> bytes:
    """A JPEG at most THUMBNAIL_PIXELS on its long side, upright, without metadata. `data`
    was accepted by `_accepted` already, so it decodes."""
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "WEBP"]))
    image.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
    if image.mode not in ("RGB", "L"):
        # Transparency onto white, as a page shows it; JPEG has no alpha.
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=THUMBNAIL_QUALITY)
    return out.getvalue()


def attachment_thumbnail(attachment: Attachment) -> Attachment:
    """The attachment with its thumbnail, made now for a photo stored before thumbnails
    were (once: the next read finds it). NotFound for a PDF or an audio file."""
    if attachment.content_type not in IMAGE_TYPES.values():
        raise NotFound()
    if not attachment.thumbnail:
        with attachment.file.open("rb") as original:
            data = original.read()
        attachment.thumbnail.save(attachment.token, ContentFile(_thumbnail(data)), save=False)
        Attachment.objects.filter(pk=attachment.pk).update(thumbnail=attachment.thumbnail.name)
    return attachment


class _WindowSigner(TimestampSigner):
    """Signs with the start of the current TRACK_LINK_WINDOW_SECONDS window as its time."""

    def timestamp(self) -> str:
        now = int(time.time())
        return b62_encode(now - now % TRACK_LINK_WINDOW_SECONDS)


def _track_signer(complaint: Complaint) -> TimestampSigner:
    # The PIN's digest in the salt: a new PIN (the old one leaked) ends every link at once.
    return _WindowSigner(salt=f"complaints.track-file:{complaint.pk}:{complaint.pin_hash}")


def track_link(*, complaint: Complaint, token: str) -> str:
    """The signed part of a tracking page's file link: the token, when, and a signature
    bound to the complaint and its PIN. Holds no secret; expires (`attachment_by_link`)."""
    return _track_signer(complaint).sign(token)


def attachment_by_link(signed: str) -> Attachment:
    """The public attachment a tracking response's link names, while the link is valid.

    NotFound alike for a link altered, expired, signed before the PIN changed, or naming a
    file the reporter may not read (staff-only; an answer's file before its delivery).
    """
    token = signed.split(":", 1)[0]
    attachment = (
        Attachment.objects.select_related("complaint")
        .filter(token=token, visibility=Visibility.PUBLIC)
        .first()
    )
    if attachment is None:
        raise NotFound()
    try:
        _track_signer(attachment.complaint).unsign(signed, max_age=2 * TRACK_LINK_WINDOW_SECONDS)
    except BadSignature as exc:  # SignatureExpired is one
        raise NotFound() from exc
    return attachment


def upload_accepted(upload: File) -> tuple[str, bytes]:
    """The checks of `attachment_add` for a file kept elsewhere (a berita acara photo): the
    content type and the bytes to store, photos without their metadata. Raises like it."""
    return _accepted(_read_within_limit(upload), keep_location=False)


def attachment_get(*, actor: User, code: str, token: str) -> Attachment:
    """An attachment the actor may download: of a complaint they see, staff-only ones to staff.

    Raises NotFound alike for a missing token, a complaint out of scope and a staff-only
    attachment asked for by the reporter (the rule of `ComplaintHistory.attachments`).
    """
    complaint = complaint_get(actor=actor, code=code)
    attachments = complaint.attachments.filter(token=token)
    if not capacities(actor, complaint) & STAFF:
        attachments = attachments.filter(visibility=Visibility.PUBLIC)
    attachment = attachments.first()
    if attachment is None:
        raise NotFound()
    attachment.complaint = complaint
    return attachment


def attachment_filename(attachment: Attachment) -> str:
    """The download name: the tracking code and token, never what the uploader called it."""
    extension = EXTENSIONS.get(attachment.content_type, "bin")
    return f"{attachment.complaint.tracking_code}-{attachment.token[:8]}.{extension}"


def _too_large(limit: int) -> PayloadTooLarge:
    message = _("The file is larger than the limit of %(limit)s.") % {
        "limit": filesizeformat(limit)
    }
    return PayloadTooLarge(message, extra={"fields": {"file": [message]}, "max_bytes": limit})


def _read_within_limit(upload: File) -> bytes:
    """The upload's bytes, refused from its size before any is read when it is too large."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise _too_large(limit)
    upload.seek(0)
    data = upload.read(limit + 1)  # a size that lied cannot make us read more
    if len(data) > limit:
        raise _too_large(limit)
    return data


def _check_room(complaint: Complaint) -> None:
    if complaint.attachments.count() >= MAX_ATTACHMENTS_PER_COMPLAINT:
        raise ValidationError(
            {
                "file": _("A complaint can have at most %(count)s attachments.")
                % {"count": MAX_ATTACHMENTS_PER_COMPLAINT}
            }
        )


def _refused(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _accepted(data: bytes, *, keep_location: bool) -> tuple[str, bytes]:
    """The content type and the bytes to store; ValidationError on `file` for anything else."""
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-PDF_TAIL_BYTES:]:
            raise _refused(_("The PDF is incomplete or damaged."))
        return PDF, data
    image = _decoded_image(data)
    content_type = IMAGE_TYPES[image.format or ""]
    if keep_location:
        return content_type, data
    try:
        return content_type, _without_metadata(image)
    except _BROKEN_IMAGE as exc:
        raise _refused(_("The image is damaged or incomplete.")) from exc


def _decoded_image(data: bytes) -> Image.Image:
    """A JPEG, PNG or WebP image, fully decoded; refuses other types, bombs and broken files."""
    unsupported = _("Send a photo (JPEG, PNG or WebP) or a PDF document.")
    too_many_pixels = _("The image is too large: at most %(megapixels)s megapixels.") % {
        "megapixels": MAX_IMAGE_PIXELS // 1_000_000
    }
    with warnings.catch_warnings():
        # Pillow only warns between its own limit and twice that; here either is a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # `formats` keeps Pillow's other decoders (GIF, TIFF, EPS…) out of reach.
            image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "WEBP"])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _refused(too_many_pixels) from exc
        except _BROKEN_IMAGE as exc:  # UnidentifiedImageError is an OSError
            raise _refused(unsupported) from exc
        if image.format not in IMAGE_TYPES:
            raise _refused(unsupported)
        width, height = image.size
        if width * height > MAX_IMAGE_PIXELS:
            raise _refused(too_many_pixels)
        try:
            image.verify()
            # verify() leaves the image unusable; decode it afresh, which finds truncation.
            image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "WEBP"])
            image.load()
        except _BROKEN_IMAGE as exc:
            raise _refused(_("The image is damaged or incomplete.")) from exc
    return image


def _without_metadata(image: Image.Image) -> bytes:
    """The pixels re-encoded in their own format, turned upright, with no EXIF, XMP or text.

    Only the colour profile and PNG transparency survive: neither says where or who.
    Animated images keep their first frame.
    """
    kept = {key: image.info[key] for key in ("icc_profile", "transparency") if key in image.info}
    upright = ImageOps.exif_transpose(image)
    upright.info = {}  # Pillow copies some keys (JPEG comments, PNG text) from here on save
    out = io.BytesIO()
    if image.format in ("JPEG", "MPO"):
        upright.save(out, format="JPEG", quality=PHOTO_QUALITY, **kept)
    elif image.format == "WEBP":
        upright.save(out, format="WEBP", quality=PHOTO_QUALITY, **kept)
    else:
        upright.save(out, format="PNG", **kept)
    return out.getvalue()


def audio_type(data: bytes) -> str | None:
    """The audio content type the bytes begin with (AUDIO_SIGNATURES, or an MP4 audio
    `ftyp` box), else None."""
    for prefix, content_type in AUDIO_SIGNATURES:
        if data.startswith(prefix):
            return content_type
    if data[4:8] == b"ftyp" and data[8:11] in (b"M4A", b"mp4", b"iso"):
        return "audio/mp4"
    return None


def attachment_check(data: bytes) -> tuple[str, bytes]:
    """The checks of an upload for bytes that came another way (a WhatsApp photo, an e-mail
    attachment): (content type, bytes to store without metadata), or ValidationError."""
    return _accepted(data, keep_location=False)
