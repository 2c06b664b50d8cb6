"""What a message's file may be: the photos and PDFs complaints accept (checked the same way,
`complaints.attachments`), and voice notes, which WhatsApp sends as Ogg/Opus (or AMR, MP4
audio, MP3). Judged from the bytes, never from the type the sender declared."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from complaints.attachments import attachment_check

# Leading bytes → content type of the audio formats WhatsApp carries.
AUDIO_SIGNATURES = [
    (b"OggS", "audio/ogg"),
    (b"#!AMR", "audio/amr"),
    (b"ID3", "audio/mpeg"),
    (b"\xff\xfb", "audio/mpeg"),
    (b"\xff\xf3", "audio/mpeg"),
]
AUDIO_TYPES = sorted({content_type for _prefix, content_type in AUDIO_SIGNATURES} | {"audio/mp4"})


def _audio_type(data: bytes) -> str | None:
    for prefix, content_type in AUDIO_SIGNATURES:
        if data.startswith(prefix):
            return content_type
    if data[4:8] == b"ftyp" and data[8:11] in (b"M4A", b"mp4", b"iso"):
        return "audio/mp4"
    return None


def media_accepted(data: bytes) -> tuple[str, bytes]:
    """(content type, bytes to keep); ValidationError for anything else. Photos lose their
    metadata (location) as uploads do."""
    audio = _audio_type(data)
    if audio is not None:
        return audio, data
    try:
        return attachment_check(data)
    except ValidationError as exc:
        raise ValidationError(_("Send a photo, a PDF document or a voice note.")) from exc
