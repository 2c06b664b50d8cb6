"""Real files made in memory with Pillow, for the attachment tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

# Desa Jagabaya, Kec. Panawangan: where a phone would tag the photo.
LATITUDE = ("S", (7.0, 9.0, 36.0))
LONGITUDE = ("E", (108.0, 27.0, 0.0))


def gps_exif(*, orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Pengaduan Test Phone"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = LONGITUDE
    return exif


# Some phones and editors repeat the position in XMP, beside the EXIF.
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="7,9.6S" '
    b'exif:GPSLongitude="108,27.0E"/></rdf:RDF></x:xmpmeta>'
)


def photo(
    size: tuple[int, int] = (64, 48),
    *,
    orientation: int | None = None,
    comment: bytes = b"",
    xmp: bytes = b"",
) -> bytes:
    """A JPEG as a phone writes it: GPS position in the EXIF, maybe rotated by a tag."""
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    image.save(out, "JPEG", exif=gps_exif(orientation=orientation), comment=comment, xmp=xmp)
    return out.getvalue()


def multi_picture_photo() -> bytes:
    """An MPO: the JPEG with an appended second picture that many phones write."""
    out = io.BytesIO()
    first = Image.new("RGB", (64, 48), (10, 120, 40))
    second = Image.new("RGB", (32, 24), (0, 0, 0))
    first.save(out, "MPO", save_all=True, append_images=[second], exif=gps_exif())
    return out.getvalue()


def png(size: tuple[int, int] = (40, 30), *, mode: str = "RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, 1 if mode in ("1", "P") else (0, 90, 200, 255)).save(out, "PNG")
    return out.getvalue()


def webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 160, 90)).save(out, "WEBP", exif=gps_exif())
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    return out.getvalue()


def pdf() -> bytes:
    """A real one-page PDF (Pillow writes it), as a scanned letter would be."""
    out = io.BytesIO()
    Image.new("RGB", (60, 80), (255, 255, 255)).save(out, "PDF")
    return out.getvalue()


HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def upload(content: bytes, name: str = "foto.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def opened(content: bytes) -> Image.Image:
    return Image.open(io.BytesIO(content))
