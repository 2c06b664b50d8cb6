"""A region's emblem (lambang): checked from its bytes, drawn small, kept in the storage.

An upload is accepted for what its bytes are (PNG, JPEG or WebP, decoded in full), never
for its name, and is stored only as the small squares the pages show: `SIZES` pixels, PNG
and WebP each. The original is not kept: an office's scan may be a few megabytes, and
residents on a weak signal only ever need the header's 40 px (80 px on a sharp screen).

The files go through the default storage (`common/storage.py`: a folder, or S3-compatible
storage) under a new random version on every upload, so their URL can be cached for a year:
a new emblem is a new URL.
"""

import io
import secrets
import struct
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

# Square edges in pixels: the header's box at 1× and 2×, and the desa page's at 2×.
SIZES = (64, 128)
FORMATS = {"png": "image/png", "webp": "image/webp"}
# The stored files of one version, as URLs name them.
FILE_NAMES = [f"{size}.{extension}" for size in SIZES for extension in FORMATS]
# An emblem is a drawing, not a photo: a scan at 600 dpi of an A4 page still fits.
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Visually lossless at these sizes, a few KB each.
WEBP_QUALITY = 90

_ACCEPTED = ["PNG", "JPEG", "WEBP"]
# What Pillow raises for a truncated or malformed file, depending on the format and the flaw.
_BROKEN = (OSError, SyntaxError, ValueError, TypeError, EOFError, IndexError, struct.error)


def emblem_file_name(*, code: str, version: str, file: str) -> str:
    """The object's name in the storage (`file`: one of FILE_NAMES); the version is random,
    so names never repeat."""
    return f"emblems/{code}/{version}/{file}"


def emblem_decode(data: bytes) -> Image.Image:
    """The uploaded emblem, fully decoded; ValidationError on `emblem` for anything that is
    not a whole PNG, JPEG or WebP image of reasonable size."""
    unsupported = _("Send the emblem as a PNG, JPEG or WebP image.")
    if len(data) > MAX_BYTES:
        raise ValidationError({"emblem": _("The emblem file is larger than 5 MB.")})
    with warnings.catch_warnings():
        # Pillow only warns between its own limit and twice that; here either is a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=_ACCEPTED)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError({"emblem": _("The emblem image has too many pixels.")})
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ValidationError({"emblem": _("The emblem image has too many pixels.")}) from exc
        except _BROKEN as exc:  # UnidentifiedImageError is an OSError; truncation too
            raise ValidationError({"emblem": unsupported}) from exc
    return image


def emblem_squares(image: Image.Image) -> dict[str, bytes]:
    """The stored files, by name (`64.png`, `64.webp`, …): the emblem upright, fitted whole
    into each square on a transparent ground, without any of the upload's metadata."""
    upright = ImageOps.exif_transpose(image).convert("RGBA")
    files = {}
    for size in SIZES:
        square = ImageOps.pad(upright, (size, size), method=Image.Resampling.LANCZOS)
        png, webp = io.BytesIO(), io.BytesIO()
        square.save(png, format="PNG", optimize=True)
        square.save(webp, format="WEBP", quality=WEBP_QUALITY, method=6)
        files[f"{size}.png"] = png.getvalue()
        files[f"{size}.webp"] = webp.getvalue()
    return files


def emblem_write(*, code: str, files: dict[str, bytes]) -> str:
    """Write the squares under a new version; returns the version."""
    version = secrets.token_urlsafe(12)  # 16 characters
    for file, data in files.items():
        default_storage.save(
            emblem_file_name(code=code, version=version, file=file), ContentFile(data)
        )
    return version


def emblem_delete(*, code: str, version: str) -> None:
    """Remove a version's files; one already gone is no error."""
    for file in FILE_NAMES:
        default_storage.delete(emblem_file_name(code=code, version=version, file=file))


def emblem_read(*, code: str, version: str, file: str) -> bytes:
    """One stored square's bytes (a few KB: read whole)."""
    with default_storage.open(emblem_file_name(code=code, version=version, file=file)) as f:
        return f.read()
