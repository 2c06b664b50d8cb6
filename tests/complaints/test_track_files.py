"""The tracking page shows the files back: signed, short-lived links issued in the
tracking response (code + PIN never travel in a URL), small thumbnails for photos, and
nothing of another complaint or of the office's internal files.

The reporter's complaint with one photo, which four tests only track and read, is built once for
the module (`built_once`): submitting it and making the photo's thumbnail was most of their
cost. Each test gets deep copies, its own writes roll back, and its media folder starts as a
copy of the built one, so a test that deletes a file deletes only its own copy."""

import shutil
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.utils import timezone

from complaints.attachments import attachment_add, track_link
from complaints.models import Attachment, Complaint
from complaints.services import complaint_transition
from complaints.state import Status
from tests.complaints import files
from tests.complaints.factories import advance, submit
from tests.conftest import make_desa_a

pytestmark = pytest.mark.django_db


def build_module() -> dict:
    """A complaint of desa A whose reporter attached a photo (as `send` does), and the media
    folder the photo and its thumbnail were written to. The complaint with its photo, built
    once for the module."""
    submitted = submit(make_desa_a())
    photo = send(submitted)
    return {"submitted": submitted, "photo": photo, "media": django_settings.MEDIA_ROOT}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path, built):
    """Each test's media folder starts as a copy of the module's (its photo and thumbnail)."""
    shutil.copytree(built["media"], tmp_path, dirs_exist_ok=True)
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def sent_photo(built):
    """(submitted, photo): a reporter's complaint with one photo, a deep copy per test."""
    return built["submitted"], built["photo"]


def track(client, submitted, pin=None):
    body = {"code": submitted.complaint.tracking_code, "pin": pin or submitted.pin}
    return client.post("/api/v1/track/", body)


def send(submitted, content=None, name="foto.jpg", content_type="image/jpeg", **options):
    """The reporter attaches a file with code + PIN, as the tracking page does."""
    content = content or files.photo((1200, 900))
    return attach(submitted.complaint, content, name, content_type, **options)


def attach(complaint, content, name, content_type, *, actor=None, **options):
    return attachment_add(
        complaint=complaint,
        actor=actor,
        upload=files.upload(content, name, content_type),
        visibility=options.pop("visibility", "public"),
        as_reporter=actor is None,
        **options,
    )


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_tracking_page_gets_a_thumbnail_of_the_reporters_photo(api, sent_photo):
    submitted, photo = sent_photo  # submit(desa_a), then send() a photo

    r = track(api(), submitted)

    assert r.status_code == 200, r.json()
    [sent] = r.json()["files"]
    assert sent["token"] == photo.token and sent["content_type"] == "image/jpeg"
    assert submitted.pin not in sent["url"] and submitted.pin not in sent["thumbnail_url"]
    thumbnail = api().get(sent["thumbnail_url"])
    assert thumbnail.status_code == 200
    assert thumbnail["Content-Type"] == "image/jpeg"
    assert thumbnail["Cache-Control"] == "private, max-age=600"
    small = body_of(thumbnail)
    assert max(files.opened(small).size) == 320
    assert len(small) < photo.size / 2
    full = api().get(sent["url"])
    assert full.status_code == 200 and body_of(full)[:2] == b"\xff\xd8"


def test_a_thumbnail_never_carries_the_location_even_of_a_photo_kept_as_taken(api, desa_a):
    submitted = submit(desa_a)
    send(submitted, keep_location=True)

    sent = track(api(), submitted).json()["files"][0]
    small = body_of(api().get(sent["thumbnail_url"]))

    assert not files.opened(small).getexif()
    assert b"GPS" not in small


def test_a_pdf_has_its_link_but_no_thumbnail(api, desa_a):
    submitted = submit(desa_a)
    send(submitted, files.pdf(), "surat.pdf", "application/pdf")

    [sent] = track(api(), submitted).json()["files"]
    r = api().get(sent["url"])

    assert sent["thumbnail_url"] is None
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert api().get(sent["url"] + "thumbnail/").status_code == 404


def test_a_link_altered_to_name_another_complaints_file_is_404(api, desa_a):
    mine, theirs = submit(desa_a), submit(desa_a)
    send(mine)
    other = send(theirs)
    link = track(api(), mine).json()["files"][0]["url"]
    signed = link.rstrip("/").rsplit("/", 1)[1]
    _, rest = signed.split(":", 1)

    assert api().get(f"/api/v1/track/files/{other.token}:{rest}/").status_code == 404
    assert api().get(f"/api/v1/track/files/{other.token}:{rest}/thumbnail/").status_code == 404
    assert api().get(link.replace(signed, signed[:-2] + "xx")).status_code == 404


def test_a_wrong_pin_gets_no_links(api, sent_photo):
    submitted, _photo = sent_photo  # submit(desa_a), then send() a photo

    r = track(api(), submitted, pin="000000" if submitted.pin != "000000" else "111111")

    assert r.status_code == 404 and "files" not in r.json()


def test_a_link_expires_within_twenty_minutes(api, sent_photo):
    submitted, _photo = sent_photo  # submit(desa_a), then send() a photo
    with time_machine.travel(timezone.now(), tick=False):
        sent = track(api(), submitted).json()["files"][0]
        assert api().get(sent["thumbnail_url"]).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=9), tick=False):
        assert api().get(sent["thumbnail_url"]).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=21), tick=False):
        assert api().get(sent["thumbnail_url"]).status_code == 404
        assert api().get(sent["url"]).status_code == 404
        renewed = track(api(), submitted).json()["files"][0]
        assert api().get(renewed["thumbnail_url"]).status_code == 200


def test_a_staff_only_file_is_never_listed_nor_served(api, desa_a, operator_desa_a):
    submitted = submit(desa_a)
    advance(submitted.complaint, Status.RECEIVED, officer=operator_desa_a)
    internal = attach(
        submitted.complaint, files.photo(), "ktp.jpg", "image/jpeg", actor=operator_desa_a,
        visibility="staff",
    )  # fmt: skip

    tracked = track(api(), submitted).json()
    signed = track_link(complaint=submitted.complaint, token=internal.token)

    assert tracked["files"] == [] and internal.token not in str(tracked)
    assert api().get(f"/api/v1/track/files/{signed}/").status_code == 404
    assert api().get(f"/api/v1/track/files/{signed}/thumbnail/").status_code == 404


def test_the_answers_files_are_served_once_delivered(api, desa_a, operator_desa_a, pejabat_desa_a):
    submitted = submit(desa_a)
    complaint = advance(
        submitted.complaint, Status.IN_PROGRESS, officer=operator_desa_a, handler=pejabat_desa_a
    )
    repaired = attach(
        complaint, files.photo((800, 600)), "hasil.jpg", "image/jpeg", actor=pejabat_desa_a,
        for_answer=True,
    )  # fmt: skip
    pending = track_link(complaint=complaint, token=repaired.token)
    assert api().get(f"/api/v1/track/files/{pending}/").status_code == 404
    assert repaired.token not in str(track(api(), submitted).json())

    complaint_transition(
        complaint=Complaint.objects.get(pk=complaint.pk),
        action="answer",
        actor=pejabat_desa_a,
        answer="Gorong-gorong sudah diganti.",
    )
    tracked = track(api(), submitted).json()

    [answer] = tracked["answers"]
    [given] = answer["attachments"]
    assert given["token"] == repaired.token and tracked["files"] == []
    assert api().get(given["thumbnail_url"]).status_code == 200


def test_a_photo_stored_before_thumbnails_gets_one_on_its_first_read(api, sent_photo):
    submitted, photo = sent_photo  # submit(desa_a), then send() a photo
    photo.thumbnail.delete(save=True)  # as stored before thumbnails were made
    assert not Attachment.objects.get(pk=photo.pk).thumbnail

    sent = track(api(), submitted).json()["files"][0]
    r = api().get(sent["thumbnail_url"])

    assert r.status_code == 200 and max(files.opened(body_of(r)).size) == 320
    assert Attachment.objects.get(pk=photo.pk).thumbnail.name.endswith(f"{photo.token}-thumb")


def test_tracking_costs_the_same_queries_however_many_files(
    api, desa_a, operator_desa_a, pejabat_desa_a, django_assert_max_num_queries
):
    def queries(submitted):
        # the complaint with its joins; the register entry's settings; the timeline; the files
        with django_assert_max_num_queries(4) as captured:
            r = track(api(), submitted)
        assert r.status_code == 200, r.json()
        return len(captured.captured_queries)

    bare = submit(desa_a)
    advance(bare.complaint, Status.ANSWERED, officer=operator_desa_a, handler=pejabat_desa_a)
    rich = submit(desa_a)
    for n in range(3):
        send(rich, files.png((40 + n, 30)), "b.png", "image/png")
    complaint = advance(
        rich.complaint, Status.IN_PROGRESS, officer=operator_desa_a, handler=pejabat_desa_a
    )
    for _ in range(2):
        attach(
            complaint, files.photo(), "a.jpg", "image/jpeg", actor=pejabat_desa_a, for_answer=True
        )
    complaint_transition(
        complaint=Complaint.objects.get(pk=complaint.pk),
        action="answer",
        actor=pejabat_desa_a,
        answer="Selesai.",
    )

    assert queries(rich) == queries(bare)
