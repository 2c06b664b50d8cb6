"""The intake officer's drafts: reading them, making a complaint, dismissing, replying;
media from the Graph API; later messages and STATUS answers. Across roles and desa."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from common.errors import NotAllowed
from complaints.attachments import attachment_add
from complaints.identity import pin_digest
from complaints.models import Attachment, Complaint, Note, ReporterIdentity
from intake.models import Draft, Media, Message, StatusReceipt
from notifications.models import Notification
from notifications.services import notification_deliver
from tests.complaints.factories import submit
from tests.complaints.files import pdf, photo
from tests.intake import payloads
from tests.intake.servers import graph_api
from tests.notifications.servers import whatsapp_gateway

CONVERT = {
    "kind": "complaint",
    "category": "infrastruktur",
    "title": "Lampu jalan mati",
    "description": "Lampu jalan di Dusun Cikupa mati sejak seminggu.",
    "reporter": {"nik": "3207105505900001", "address": "Dusun Cikupa RT 02/RW 01"},
}
OGG = b"OggS\x00\x02" + b"\x00" * 60


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def draft(deliver, jagabaya_whatsapp, process):
    deliver(payloads.notification([payloads.text("Lampu jalan di Dusun Cikupa mati")]))
    process()
    return Draft.objects.get()


def url(draft, action=""):
    return f"/api/v1/drafts/{draft.pk}/" + (f"{action}/" if action else "")


# --- who may read ------------------------------------------------------------------------
def test_the_intake_officer_lists_and_reads_the_drafts_of_their_desa(
    api, draft, operator_desa_a, django_assert_max_num_queries
):
    client = api(operator_desa_a)
    with django_assert_max_num_queries(6):
        r = client.get("/api/v1/drafts/", {"state": "open"})
    assert r.status_code == 200, r.json()
    [row] = r.json()["results"]
    assert row["id"] == draft.pk and row["contact_name"] == payloads.PROFILE_NAME
    assert row["message_count"] == 1 and row["channel"] == "whatsapp"

    r = client.get(url(draft))
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["contact"] == "+6281234567890"
    assert [m["body"] for m in body["messages"]] == ["Lampu jalan di Dusun Cikupa mati"]
    assert body["service_window_ends_at"] is not None
    assert body["templates"] == [
        {"name": "pengaduan_tindak_lanjut", "language": "id", "parameters": 2}
    ]


def test_reading_a_drafts_contact_is_in_the_identity_access_log_of_the_head(
    api, draft, operator_desa_a, operator_desa_b, kades_desa_a, desa_a, desa_b
):
    assert api(operator_desa_a).get("/api/v1/drafts/").status_code == 200  # names only
    assert api(operator_desa_b).get(url(draft)).status_code == 404  # not theirs: no read
    assert api(operator_desa_a).get(url(draft)).status_code == 200
    assert api(kades_desa_a).get(url(draft)).status_code == 200

    log = api(kades_desa_a).get(f"/api/v1/desa/{desa_a.code}/identity-access/")
    assert log.status_code == 200, log.json()
    head, officer = log.json()["results"]
    assert officer["actor"]["id"] == operator_desa_a.pk
    assert head["actor"]["id"] == kades_desa_a.pk
    for row in (head, officer):
        assert row["purpose"] == "draft" and row["draft"] == draft.pk
        assert row["tracking_code"] is None and row["at"]
    indonesian = api(kades_desa_a).get(
        f"/api/v1/desa/{desa_a.code}/identity-access/", HTTP_ACCEPT_LANGUAGE="id"
    )
    assert indonesian.json()["results"][0]["purpose_label"] == "Membaca kontak draf"
    other = api(kades_desa_a).get(f"/api/v1/desa/{desa_b.code}/identity-access/")
    assert other.status_code == 404


def test_the_draft_list_costs_the_same_queries_for_many_drafts(
    api, deliver, jagabaya_whatsapp, process, operator_desa_a, django_assert_max_num_queries
):
    for n in range(5):
        number = f"62813111100{n:02d}"
        deliver(payloads.notification([payloads.text("x", wa_id=number)], wa_id=number))
    process()
    with django_assert_max_num_queries(6):
        r = api(operator_desa_a).get("/api/v1/drafts/")
    assert r.json()["count"] == 5


def test_the_village_head_reads_but_does_not_handle_drafts(api, draft, kades_desa_a):
    client = api(kades_desa_a)
    assert client.get(url(draft)).status_code == 200
    r = client.post(url(draft, "convert"), CONVERT, format="json")
    assert r.status_code == 403, r.json()
    r = client.post(url(draft, "dismiss"), {"reason": "spam"}, format="json")
    assert r.status_code == 403


@pytest.mark.parametrize("who", ["operator_desa_b", "pejabat_desa_a", "camat_x", "warga"])
def test_others_do_not_find_the_draft(api, draft, who, request):
    client = api(request.getfixturevalue(who))
    assert client.get("/api/v1/drafts/").json()["count"] == 0
    for method, path, body in [
        ("get", url(draft), None),
        ("post", url(draft, "convert"), CONVERT),
        ("post", url(draft, "dismiss"), {"reason": "spam"}),
        ("post", url(draft, "replies"), {"text": "Halo"}),
    ]:
        r = getattr(client, method)(path, body, format="json") if body else client.get(path)
        assert r.status_code == 404, (path, r.json())


def test_without_login_drafts_are_401(api, draft):
    assert api().get("/api/v1/drafts/").status_code == 401
    assert api().get(url(draft)).status_code == 401


# --- making a complaint ------------------------------------------------------------------
def test_converting_records_a_received_complaint_and_sends_code_and_pin_by_whatsapp(
    api, draft, operator_desa_a
):
    r = api(operator_desa_a).post(url(draft, "convert"), CONVERT, format="json")
    assert r.status_code == 201, r.json()
    complaint = Complaint.objects.get(tracking_code=r.json()["tracking_code"])
    assert complaint.channel == "whatsapp" and complaint.status == "received"
    assert complaint.entered_by == operator_desa_a
    identity = ReporterIdentity.objects.get(complaint=complaint)
    assert identity.phone == "+6281234567890" and identity.name == payloads.PROFILE_NAME
    draft.refresh_from_db()
    assert draft.state == "converted" and draft.complaint == complaint

    pin_message = Notification.objects.get(complaint=complaint, template="recorded")
    assert pin_message.channel == "whatsapp" and pin_message.address == "+6281234567890"
    assert "pin_sealed" in pin_message.payload and "pin" not in pin_message.payload


def test_a_draft_converts_once(api, draft, operator_desa_a):
    client = api(operator_desa_a)
    assert client.post(url(draft, "convert"), CONVERT, format="json").status_code == 201
    r = client.post(url(draft, "convert"), CONVERT, format="json")
    assert r.status_code == 409, r.json()
    assert Complaint.objects.count() == 1


def test_a_dismissed_draft_enters_nothing_and_cannot_be_converted(api, draft, operator_desa_a):
    client = api(operator_desa_a)
    r = client.post(url(draft, "dismiss"), {"reason": "spam"}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["state"] == "dismissed"
    assert client.post(url(draft, "convert"), CONVERT, format="json").status_code == 409
    assert Complaint.objects.count() == 0


def test_conversion_needs_the_nik_of_a_named_reporter(api, draft, operator_desa_a):
    body = {**CONVERT, "reporter": {"nik": "123", "address": "x"}}
    r = api(operator_desa_a).post(url(draft, "convert"), body, format="json")
    assert r.status_code == 400
    assert "reporter.nik" in r.json()["fields"]
    draft.refresh_from_db()
    assert draft.state == "open"


# --- media -------------------------------------------------------------------------------
def test_photo_document_and_voice_note_are_fetched_kept_and_carried_to_the_complaint(
    api, deliver, jagabaya_whatsapp, process, operator_desa_a, settings
):
    with graph_api() as (graph, base):
        settings.WHATSAPP_GRAPH_URL = base
        graph.add("111", "image/jpeg", photo())
        graph.add("222", "application/pdf", pdf())
        graph.add("333", "audio/ogg", OGG)
        deliver(
            payloads.notification(
                [
                    payloads.media("image", "111", caption="Tiang lampu"),
                    payloads.media("document", "222"),
                    payloads.media("audio", "333"),
                ]
            )
        )
        process()
    assert sorted(Media.objects.values_list("content_type", flat=True)) == [
        "application/pdf",
        "audio/ogg",
        "image/jpeg",
    ]
    assert all(request.startswith(("/v21.0/", "/files/")) for request in graph.requests)
    draft = Draft.objects.get()
    client = api(operator_desa_a)
    detail = client.get(url(draft)).json()
    tokens = [media["token"] for m in detail["messages"] for media in m["media"]]
    r = client.get(url(draft, f"media/{tokens[0]}"))
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
    assert b"Pengaduan Test Phone" not in b"".join(r.streaming_content)  # EXIF removed

    r = client.post(url(draft, "convert"), CONVERT, format="json")
    complaint = Complaint.objects.get(tracking_code=r.json()["tracking_code"])
    kept = Attachment.objects.filter(complaint=complaint)
    assert sorted(kept.values_list("content_type", "visibility")) == [
        ("application/pdf", "public"),
        ("audio/ogg", "staff"),  # a voice identifies its speaker: the office's only
        ("image/jpeg", "public"),
    ]

    # Staff play it from the complaint, as any attachment.
    code = complaint.tracking_code
    listed = client.get(f"/api/v1/complaints/{code}/").json()["attachments"]
    [voice] = [a for a in listed if a["content_type"] == "audio/ogg"]
    assert voice["visibility"] == "staff"
    r = client.get(f"/api/v1/complaints/{code}/attachments/{voice['token']}/")
    assert r.status_code == 200 and r["Content-Type"] == "audio/ogg"
    assert b"".join(r.streaming_content) == OGG

    # The reporter, with code and PIN, and the public never see it.
    Complaint.objects.filter(pk=complaint.pk).update(pin_hash=pin_digest(code, "482913"))
    tracked = api().post("/api/v1/track/", {"code": code, "pin": "482913"})
    assert tracked.status_code == 200, tracked.json()
    assert voice["token"] not in tracked.content.decode()
    assert api().get(f"/api/v1/complaints/{code}/attachments/{voice['token']}/").status_code == 401


def test_a_voice_note_is_kept_only_as_audio_and_only_by_staff(operator_desa_a, warga, desa_a):
    complaint = submit(desa_a, actor=warga).complaint
    with pytest.raises(ValidationError):  # a photo is not a voice note
        attachment_add(complaint=complaint, actor=operator_desa_a, upload=ContentFile(
            photo(), name="x"), visibility="public", voice_note=True)  # fmt: skip
    with pytest.raises(NotAllowed):  # the reporter's evidence is photos and PDFs
        attachment_add(complaint=complaint, actor=warga, upload=ContentFile(OGG, name="x"),
                       visibility="public", voice_note=True)  # fmt: skip
    kept = attachment_add(
        complaint=complaint,
        actor=operator_desa_a,
        upload=ContentFile(OGG, name="x"),
        visibility="public",
        voice_note=True,
    )
    assert (kept.content_type, kept.visibility) == ("audio/ogg", "staff")
    # An ordinary upload of audio is refused: uploads are photos and PDFs.
    with pytest.raises(ValidationError):
        attachment_add(complaint=complaint, actor=operator_desa_a,
                       upload=ContentFile(OGG, name="x"), visibility="staff")  # fmt: skip


def test_media_of_a_refused_type_is_recorded_not_kept(
    deliver, jagabaya_whatsapp, process, settings
):
    with graph_api() as (graph, base):
        settings.WHATSAPP_GRAPH_URL = base
        graph.add("444", "image/jpeg", b"MZ\x90\x00 not a photo at all")
        deliver(payloads.notification([payloads.media("image", "444")]))
        process()
    message = Message.objects.get()
    assert Media.objects.count() == 0 and message.error


def test_media_is_fetched_again_after_the_graph_api_was_down(
    deliver, jagabaya_whatsapp, process, settings
):
    settings.WHATSAPP_GRAPH_URL = "http://127.0.0.1:9/v21.0"  # nothing listens there
    deliver(payloads.notification([payloads.media("image", "555")]))
    process()
    assert Media.objects.count() == 0 and Message.objects.get().error == ""
    with graph_api() as (graph, base):
        settings.WHATSAPP_GRAPH_URL = base
        graph.add("555", "image/jpeg", photo())
        process()
    assert Media.objects.count() == 1


# --- later messages, STATUS ----------------------------------------------------------------
def _converted(api, draft, officer) -> Complaint:
    r = api(officer).post(url(draft, "convert"), CONVERT, format="json")
    return Complaint.objects.get(tracking_code=r.json()["tracking_code"])


def test_a_later_message_joins_the_open_complaint_as_a_reporter_note(
    api, draft, operator_desa_a, deliver, process
):
    complaint = _converted(api, draft, operator_desa_a)
    deliver(payloads.notification([payloads.text("Sekarang tiangnya miring juga")]))
    process()
    note = Note.objects.get(complaint=complaint)
    assert note.author is None and note.visibility == "public"
    assert note.body == "[WhatsApp] Sekarang tiangnya miring juga"
    assert Message.objects.get(note=note).channel == "whatsapp"
    assert Draft.objects.count() == 1


def test_a_later_message_opens_the_reply_window_again(
    api, draft, operator_desa_a, deliver, process
):
    _converted(api, draft, operator_desa_a)
    later = timezone.now() + timedelta(hours=30)
    with time_machine.travel(later, tick=False):
        client = api(operator_desa_a)
        assert (
            client.post(url(draft, "replies"), {"text": "Halo"}, format="json").status_code == 409
        )
        deliver(payloads.notification([payloads.text("Masih mati", ts=int(later.timestamp()))]))
        process()
        r = client.post(url(draft, "replies"), {"text": "Kami ke sana."}, format="json")
        assert r.status_code == 201, r.json()


def test_status_answers_the_reporter_with_state_and_deadline(
    api, draft, operator_desa_a, deliver, process
):
    complaint = _converted(api, draft, operator_desa_a)
    deliver(payloads.notification([payloads.text(f"status {complaint.tracking_code.lower()}")]))
    process()
    answer = Notification.objects.get(template="status_reply")
    assert answer.address == "+6281234567890" and answer.channel == "whatsapp"
    assert answer.payload["code"] == complaint.tracking_code
    assert answer.payload["status"] == "Diterima" and answer.payload["deadline"]
    assert not Note.objects.filter(complaint=complaint).exists()


def test_status_of_someone_elses_complaint_is_not_found_for_this_number(
    api, draft, operator_desa_a, deliver, process
):
    complaint = _converted(api, draft, operator_desa_a)
    other = "6281399998888"
    deliver(
        payloads.notification(
            [payloads.text(f"STATUS {complaint.tracking_code}", wa_id=other)], wa_id=other
        )
    )
    process()
    answer = Notification.objects.get(template="status_unknown")
    assert answer.payload == {"code": complaint.tracking_code}
    assert answer.address == "+6281399998888"


def test_the_status_answer_reads_in_indonesian(api, draft, operator_desa_a, deliver, process):
    from notifications.messages import render

    deliver(payloads.notification([payloads.text("STATUS ABCDEFGHJK")]))
    process()
    row = Notification.objects.get(template="status_unknown")
    assert "tidak ditemukan untuk nomor ini" in render(row.template, row.payload, "id").text


# --- replies -------------------------------------------------------------------------------
def test_a_reply_within_24_hours_goes_out_as_text_and_its_receipts_are_matched(
    api, draft, operator_desa_a, deliver, process, settings
):
    r = api(operator_desa_a).post(url(draft, "replies"), {"text": "Kami cek besok."}, format="json")
    assert r.status_code == 201, r.json()
    row = Notification.objects.get(template="office_reply")
    with whatsapp_gateway() as (gateway, gateway_url):
        settings.WHATSAPP_API_URL = gateway_url
        assert notification_deliver(notification_id=row.pk) == "sent"
    [sent] = gateway.requests
    assert sent["body"]["type"] == "text" and "Kami cek besok." in sent["body"]["text"]["body"]
    row.refresh_from_db()
    assert row.external_id == "wamid.test"

    deliver(
        payloads.notification(
            statuses=[
                payloads.status("wamid.test", "delivered"),
                payloads.status("wamid.test", "read"),
            ]
        )
    )
    process()
    outbound = Message.objects.get(direction="out")
    assert outbound.delivery_status == "read"
    assert StatusReceipt.objects.filter(matched=True).count() == 2


def test_after_24_hours_free_text_is_refused_and_a_template_goes_out(
    api, draft, operator_desa_a, settings
):
    with time_machine.travel(timezone.now() + timedelta(hours=25), tick=False):
        client = api(operator_desa_a)  # a token of that time
        r = client.post(url(draft, "replies"), {"text": "Halo?"}, format="json")
        assert r.status_code == 409, r.json()
        assert "templat" in r.json()["message"]
        template = {
            "name": "pengaduan_tindak_lanjut",
            "language": "id",
            "parameters": ["Jagabaya", "lampu jalan"],
        }
        r = client.post(url(draft, "replies"), {"template": template}, format="json")
        assert r.status_code == 201, r.json()
        row = Notification.objects.get(template="office_reply")
        with whatsapp_gateway() as (gateway, gateway_url):
            settings.WHATSAPP_API_URL = gateway_url
            assert notification_deliver(notification_id=row.pk) == "sent"
    body = gateway.requests[0]["body"]
    assert body["type"] == "template"
    assert body["template"] == {
        "name": "pengaduan_tindak_lanjut",
        "language": {"code": "id"},
        "components": [
            {
                "type": "body",
                "parameters": [
                    {"type": "text", "text": "Jagabaya"},
                    {"type": "text", "text": "lampu jalan"},
                ],
            }
        ],
    }


def test_an_unknown_template_or_wrong_values_are_400(api, draft, operator_desa_a):
    client = api(operator_desa_a)
    bad_name = {"name": "promo", "language": "id", "parameters": []}
    r = client.post(url(draft, "replies"), {"template": bad_name}, format="json")
    assert r.status_code == 400 and "template.name" in r.json()["fields"]
    few = {"name": "pengaduan_tindak_lanjut", "language": "id", "parameters": ["x"]}
    r = client.post(url(draft, "replies"), {"template": few}, format="json")
    assert r.status_code == 400 and "template.parameters" in r.json()["fields"]


def test_the_officer_records_whether_the_messages_say_it_is_urgent(api, draft, operator_desa_a):
    r = api(operator_desa_a).post(url(draft, "convert"), {**CONVERT, "urgent": True}, format="json")

    assert r.status_code == 201, r.json()
    complaint = Complaint.objects.get(tracking_code=r.json()["tracking_code"])
    assert (complaint.reporter_urgent, complaint.urgency) == (True, "medium")
