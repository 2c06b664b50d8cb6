"""What a message's file may be: the photos and PDFs complaints accept (checked the same way,
`complaints.attachments`), and voice notes, which WhatsApp sends as Ogg/Opus (or AMR, MP4
audio, MP3). Judged from the bytes, never from the type the sender declared."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from complaints.attachments import AUDIO_TYPES as ATTACHMENT_AUDIO_TYPES
from complaints.attachments import attachment_check, audio_type

# What a draft keeps: the voice notes complaints keep too, and AMR (older phones), which
# stays on the draft.
AUDIO_TYPES = sorted({*ATTACHMENT_AUDIO_TYPES, "audio/amr"})


def _audio_type(data: bytes) -> str | None:
    return "audio/amr" if data.startswith(b"#!AMR") else audio_type(data)


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
