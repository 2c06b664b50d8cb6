"""Attachments: what is accepted, what is stored, and who may download it.

The personas and the two complaints most tests attach to (`complaint`, `assigned`) are made
once for the module (`built_once`): no test changes them but by adding attachments, which
roll back at its end, and none counts anything beyond its own complaint's attachments (the
built rows have none), so each test still sees what it saw with rows of its own.
"""

import pytest
from PIL import ExifTags

from accounts.models import Role
from complaints.attachments import MAX_ATTACHMENTS_PER_COMPLAINT, attachment_add
from complaints.models import Attachment, Channel, Visibility
from complaints.state import Status
from tests.accounts.factories import user_with
from tests.complaints import files
from tests.complaints.factories import complaint_in, submit
from tests.conftest import AROUND_A_COMPLAINT, handed_out, make_desa_a, make_personas

GPS = ExifTags.IFD.GPSInfo


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


PERSONAS = (*AROUND_A_COMPLAINT, "admin_kabupaten")


def build_module() -> dict:
    """The personas, `warga`'s submitted complaint and `warga`'s assigned complaint: every
    test uploads as some of these people to one of these complaints and rolls back what it
    writes."""
    desa_a = make_desa_a()
    built = make_personas(*PERSONAS)
    built["complaint"] = submit(desa_a, actor=built["warga"]).complaint
    built["assigned"] = complaint_in(
        Status.ASSIGNED,
        desa_a,
        officer=built["operator_desa_a"],
        handler=built["pejabat_desa_a"],
        reporter=built["warga"],
    )
    return built


warga, operator_desa_a, operator_desa_b, pejabat_desa_a, kades_desa_a, camat_x, admin_kabupaten = (
    handed_out(*PERSONAS)
)


@pytest.fixture
def complaint(built):
    """Submitted from the phone by `warga`, logged in."""
    return built["complaint"]


@pytest.fixture
def assigned(built):
    """`warga`'s complaint, distributed to `pejabat_desa_a` (routing: infrastruktur)."""
    return built["assigned"]


def post_file(client, code, content, name="foto.jpg", content_type="image/jpeg", **fields):
    body = {"file": files.upload(content, name, content_type), **fields}
    return client.post(f"/api/v1/complaints/{code}/attachments/", body, format="multipart")


def download(client, code, token, **headers):
    return client.get(f"/api/v1/complaints/{code}/attachments/{token}/", **headers)


def stored_bytes(token: str) -> bytes:
    attachment = Attachment.objects.get(token=token)
    with attachment.file.open("rb") as f:
        return f.read()


# --- what is stored -----------------------------------------------------------------------
def test_reporter_photo_is_stored_without_exif_or_gps(api, warga, complaint):
    original = files.photo(comment=b"Siti, Dusun Cikupa", xmp=files.XMP)
    assert files.opened(original).getexif().get_ifd(GPS)
    assert b"GPSLatitude" in original

    r = post_file(api(warga), complaint.tracking_code, original)

    assert r.status_code == 201, r.json()
    assert r.json()["content_type"] == "image/jpeg"
    assert r.json()["visibility"] == "public"
    stored = stored_bytes(r.json()["token"])
    image = files.opened(stored)
    assert image.format == "JPEG"
    assert GPS not in image.getexif() and not image.getexif().get_ifd(GPS)
    assert len(image.getexif()) == 0
    assert "comment" not in image.info and b"Cikupa" not in stored
    assert "xmp" not in image.info and b"GPSLatitude" not in stored
    assert r.json()["size"] == len(stored)


def test_photo_with_keep_location_is_stored_as_taken(api, warga, complaint):
    original = files.photo()

    r = post_file(api(warga), complaint.tracking_code, original, keep_location="true")

    assert r.status_code == 201, r.json()
    stored = stored_bytes(r.json()["token"])
    assert stored == original
    assert files.opened(stored).getexif().get_ifd(GPS)[ExifTags.GPS.GPSLatitudeRef] == "S"


def test_rotated_photo_is_stored_upright(api, warga, complaint):
    # Orientation 6: the camera held upright wrote a landscape sensor image plus a tag.
    r = post_file(api(warga), complaint.tracking_code, files.photo((64, 48), orientation=6))

    assert r.status_code == 201, r.json()
    image = files.opened(stored_bytes(r.json()["token"]))
    assert image.size == (48, 64)
    assert ExifTags.Base.Orientation not in image.getexif()


def test_multi_picture_phone_photo_is_stored_as_a_plain_jpeg(api, warga, complaint):
    r = post_file(api(warga), complaint.tracking_code, files.multi_picture_photo())

    assert r.status_code == 201, r.json()
    assert r.json()["content_type"] == "image/jpeg"
    image = files.opened(stored_bytes(r.json()["token"]))
    assert image.format == "JPEG" and not image.getexif().get_ifd(GPS)


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (files.png(), "denah.png", "image/png"),
        (files.png(mode="P"), "denah.png", "image/png"),
        (files.webp(), "foto.webp", "image/webp"),
    ],
)
def test_png_and_webp_are_accepted_and_keep_their_format(
    api, warga, complaint, content, name, content_type
):
    r = post_file(api(warga), complaint.tracking_code, content, name, "application/octet-stream")

    assert r.status_code == 201, r.json()
    assert r.json()["content_type"] == content_type
    image = files.opened(stored_bytes(r.json()["token"]))
    assert image.format == content_type.split("/")[1].upper()
    assert not image.getexif().get_ifd(GPS)


def test_pdf_is_accepted_and_stored_unchanged(api, warga, complaint):
    document = files.pdf()

    r = post_file(api(warga), complaint.tracking_code, document, "surat.pdf", "application/pdf")

    assert r.status_code == 201, r.json()
    assert r.json()["content_type"] == "application/pdf"
    assert stored_bytes(r.json()["token"]) == document


def test_stored_name_is_the_token_and_never_the_uploaded_name(api, warga, complaint, desa_a):
    r = post_file(api(warga), complaint.tracking_code, files.photo(), "KTP Siti Rahmawati.jpg")

    assert r.status_code == 201, r.json()
    token = r.json()["token"]
    assert len(token) == 32
    name = Attachment.objects.get(token=token).file.name
    assert name == f"attachments/{desa_a.code}/{token}"
    assert "Siti" not in name and "KTP" not in name


# --- what is refused ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "name"),
    [
        (files.HTML, "foto.jpg"),
        (files.SVG, "foto.jpg"),
        (files.SVG, "peta.svg"),
        (files.gif(), "foto.gif"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 200, "potong.jpg"),
        (files.photo()[:300], "potong.jpg"),
        (b"%PDF-1.4\n1 0 obj\n", "potong.pdf"),
        (b"MZ\x90\x00" + b"\x00" * 100, "foto.jpg"),
    ],
)
def test_file_that_is_not_a_photo_or_pdf_is_refused_on_file(api, warga, complaint, content, name):
    r = post_file(api(warga), complaint.tracking_code, content, name, "image/jpeg")

    assert r.status_code == 400, r.json()
    assert r.json()["code"] == "invalid"
    assert list(r.json()["fields"]) == ["file"]
    assert not Attachment.objects.exists()


def test_decompression_bomb_is_refused_before_decoding(api, warga, complaint):
    # 60 megapixels of one colour compress to a few kilobytes.
    bomb = files.png((10_000, 6_000), mode="1")
    assert len(bomb) < 100_000

    r = post_file(api(warga), complaint.tracking_code, bomb, "bom.png", "image/png")

    assert r.status_code == 400, r.json()
    assert "50 megapiksel" in r.json()["fields"]["file"][0]  # Indonesian by default


def test_file_over_the_limit_is_refused_with_413_and_a_message(api, warga, complaint, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = files.photo() + b"\x00" * (1024 * 1024)

    r = post_file(api(warga, language="en"), complaint.tracking_code, big)

    assert r.status_code == 413, r.json()
    assert r.json()["code"] == "payload_too_large"
    assert "1.0\xa0MB" in r.json()["message"]  # filesizeformat keeps number and unit together
    assert r.json()["fields"] == {"file": [r.json()["message"]]}
    assert not Attachment.objects.exists()


def test_upload_larger_than_django_keeps_in_memory_is_refused_with_413(api, warga, complaint):
    # The default limit (5 MB) is above FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): the upload
    # goes through the temp-file path, and only up to the limit is kept.
    big = b"\xff\xd8\xff\xe0" + b"\x00" * (6 * 1024 * 1024)

    r = post_file(api(warga), complaint.tracking_code, big)

    assert r.status_code == 413, r.json()
    assert r.json()["code"] == "payload_too_large"


def test_file_sent_as_a_huge_form_field_gets_413_not_an_html_page(api, warga, complaint, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    r = api(warga).post(
        f"/api/v1/complaints/{complaint.tracking_code}/attachments/",
        {"file": "x" * 20_000},
        format="multipart",
    )

    assert r.status_code == 413, r.content
    assert r.json()["code"] == "payload_too_large"


def test_eleventh_attachment_is_refused(api, warga, complaint):
    for _ in range(MAX_ATTACHMENTS_PER_COMPLAINT):
        attachment_add(
            complaint=complaint,
            actor=warga,
            upload=files.upload(files.png()),
            visibility=Visibility.PUBLIC,
        )

    r = post_file(api(warga), complaint.tracking_code, files.photo())

    assert r.status_code == 400, r.json()
    assert "file" in r.json()["fields"]
    assert complaint.attachments.count() == MAX_ATTACHMENTS_PER_COMPLAINT


# --- who may upload -----------------------------------------------------------------------
def test_reporter_cannot_hide_their_evidence_from_themselves(api, warga, complaint):
    r = post_file(api(warga), complaint.tracking_code, files.photo(), visibility="staff")

    assert r.status_code == 201, r.json()
    assert r.json()["visibility"] == "public"


def test_staff_attachment_is_internal_unless_made_public(api, operator_desa_a, complaint):
    internal = post_file(api(operator_desa_a), complaint.tracking_code, files.pdf(), "bap.pdf")
    public = post_file(
        api(operator_desa_a), complaint.tracking_code, files.photo(), visibility="public"
    )

    assert internal.status_code == 201, internal.json()
    assert internal.json()["visibility"] == "staff"
    assert public.status_code == 201, public.json()
    assert public.json()["visibility"] == "public"


def test_assigned_handler_may_attach_follow_up_evidence(api, pejabat_desa_a, assigned):
    r = post_file(api(pejabat_desa_a), assigned.tracking_code, files.photo(), visibility="public")

    assert r.status_code == 201, r.json()


@pytest.mark.parametrize("persona", ["operator_desa_b", "camat_x", "admin_kabupaten"])
def test_outsider_cannot_attach_and_sees_404(api, request, complaint, persona):
    r = post_file(api(request.getfixturevalue(persona)), complaint.tracking_code, files.photo())

    assert r.status_code == 404, r.json()
    assert not Attachment.objects.exists()


def test_box_team_member_who_typed_the_slip_may_not_attach(api, desa_a):
    box = user_with(Role.BOX_TEAM, desa_a, username="kotak.a")
    slip = submit(desa_a, actor=box, channel=Channel.SUGGESTION_BOX, anonymous=True).complaint

    r = post_file(api(box), slip.tracking_code, files.photo())

    assert r.status_code == 403, r.json()


def test_reporter_cannot_attach_to_a_finished_complaint(
    api, desa_a, warga, operator_desa_a, pejabat_desa_a
):
    closed = complaint_in(
        Status.CLOSED, desa_a, officer=operator_desa_a, handler=pejabat_desa_a, reporter=warga
    )

    r = post_file(api(warga), closed.tracking_code, files.photo())

    assert r.status_code == 409, r.json()


def test_upload_needs_a_login(api, complaint):
    r = post_file(api(), complaint.tracking_code, files.photo())

    assert r.status_code == 401, r.json()


# --- the reporter without an account: tracking code + PIN --------------------------------
def test_reporter_with_code_and_pin_attaches_a_photo(api, desa_a):
    submitted = submit(desa_a)

    r = api().post(
        "/api/v1/track/attachments/",
        {
            "code": submitted.complaint.tracking_code,
            "pin": submitted.pin,
            "file": files.upload(files.photo()),
        },
        format="multipart",
    )

    assert r.status_code == 201, r.json()
    attachment = Attachment.objects.get(token=r.json()["token"])
    assert attachment.visibility == Visibility.PUBLIC and attachment.uploaded_by is None
    assert not files.opened(stored_bytes(attachment.token)).getexif().get_ifd(GPS)


def test_wrong_pin_cannot_attach_and_sees_404(api, desa_a):
    submitted = submit(desa_a)
    wrong = "000000" if submitted.pin != "000000" else "111111"

    r = api().post(
        "/api/v1/track/attachments/",
        {
            "code": submitted.complaint.tracking_code,
            "pin": wrong,
            "file": files.upload(files.photo()),
        },
        format="multipart",
    )

    assert r.status_code == 404, r.json()
    assert not Attachment.objects.exists()


# --- who may download ---------------------------------------------------------------------
@pytest.mark.parametrize("persona", ["warga", "operator_desa_a", "pejabat_desa_a", "kades_desa_a"])
def test_reporter_and_desa_staff_download_the_stored_bytes(api, request, warga, assigned, persona):
    uploaded = post_file(api(warga), assigned.tracking_code, files.photo())
    token = uploaded.json()["token"]

    r = download(api(request.getfixturevalue(persona)), assigned.tracking_code, token)

    assert r.status_code == 200, r.content
    assert b"".join(r.streaming_content) == stored_bytes(token)
    assert r["Content-Type"] == "image/jpeg"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Cache-Control"] == "private"
    assert not r["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("persona", ["operator_desa_b", "camat_x", "admin_kabupaten"])
def test_outsiders_get_404_as_for_a_missing_attachment(api, request, warga, assigned, persona):
    token = post_file(api(warga), assigned.tracking_code, files.photo()).json()["token"]

    r = download(api(request.getfixturevalue(persona)), assigned.tracking_code, token)
    missing = download(api(warga), assigned.tracking_code, "x" * 32)

    assert r.status_code == 404, r.content
    assert r.json() == missing.json()


def test_another_resident_of_the_same_desa_gets_404(api, desa_a, warga, complaint):
    neighbour = user_with(Role.RESIDENT, desa_a, username="+6281200005678")
    token = post_file(api(warga), complaint.tracking_code, files.photo()).json()["token"]

    r = download(api(neighbour), complaint.tracking_code, token)

    assert r.status_code == 404, r.content


def test_attachment_of_another_complaint_is_404_under_this_code(api, desa_a, warga, complaint):
    other = submit(desa_a, actor=warga).complaint
    token = post_file(api(warga), other.tracking_code, files.photo()).json()["token"]

    r = download(api(warga), complaint.tracking_code, token)

    assert r.status_code == 404, r.content


def test_staff_only_attachment_is_404_for_the_reporter(api, warga, operator_desa_a, complaint):
    uploaded = post_file(
        api(operator_desa_a), complaint.tracking_code, files.pdf(), "bap.pdf", visibility="staff"
    )
    token = uploaded.json()["token"]

    assert download(api(warga), complaint.tracking_code, token).status_code == 404
    assert download(api(operator_desa_a), complaint.tracking_code, token).status_code == 200


def test_pdf_downloads_as_an_attachment_with_its_type(api, warga, complaint):
    document = files.pdf()
    uploaded = post_file(api(warga), complaint.tracking_code, document, "surat.pdf")

    r = download(api(warga), complaint.tracking_code, uploaded.json()["token"])

    assert r.status_code == 200, r.content
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("attachment;")
    assert complaint.tracking_code in r["Content-Disposition"]
    assert "surat" not in r["Content-Disposition"]
    assert b"".join(r.streaming_content) == document


def test_image_request_accepting_only_images_still_gets_the_file(api, warga, complaint):
    token = post_file(api(warga), complaint.tracking_code, files.png()).json()["token"]

    r = download(api(warga), complaint.tracking_code, token, HTTP_ACCEPT="image/avif,image/*")

    assert r.status_code == 200, r.content
    assert r["Content-Type"] == "image/png"


def test_download_needs_a_login(api, warga, complaint):
    token = post_file(api(warga), complaint.tracking_code, files.png()).json()["token"]

    assert download(api(), complaint.tracking_code, token).status_code == 401
