"""Each staff member chooses, per kind of notice, email and WhatsApp besides the app; the
outbox honours it; the village head may have a daily digest."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Role
from notifications.messages import render
from notifications.models import Notification, NotificationPreference
from notifications.services import notify_digests
from notifications.tasks import send_digests
from sla import tasks as sla_tasks
from tests.accounts.factories import user_with
from tests.complaints.factories import complaint_in, submit

URL = "/api/v1/me/notification-preferences/"
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def reachable(operator_desa_a, pejabat_desa_a, kades_desa_a):
    for user in (operator_desa_a, pejabat_desa_a, kades_desa_a):
        user.email = f"{user.username}@jagabaya.desa.id"
        user.phone = "+628120000" + str(1000 + user.pk)
        user.save()


def channels(template: str, username: str) -> set[str]:
    return set(
        Notification.objects.filter(template=template, recipient__username=username).values_list(
            "channel", flat=True
        )
    )


def test_staff_read_their_defaults_in_their_language(api, pejabat_desa_a):
    r = api(pejabat_desa_a, "en").get(URL)

    assert r.status_code == 200, r.json()
    body = r.json()
    assigned = next(k for k in body["kinds"] if k["kind"] == "assigned")
    assert assigned == {
        "kind": "assigned",
        "label": "A complaint is assigned to me",
        "email": True,
        "whatsapp": False,
    }
    assert body["daily_digest"] is None  # only a village head has one
    assert "digest" not in {k["kind"] for k in body["kinds"]}


def test_a_handler_chooses_whatsapp_only_for_assignments_and_the_outbox_follows(
    api, reachable, desa_a, operator_desa_a, pejabat_desa_a
):
    r = api(pejabat_desa_a).put(
        URL, {"kinds": [{"kind": "assigned", "email": False, "whatsapp": True}]}, format="json"
    )
    assert r.status_code == 200, r.json()
    assert next(k for k in r.json()["kinds"] if k["kind"] == "assigned")["whatsapp"] is True

    complaint_in("assigned", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)

    assert channels("assigned", "pejabat.a") == {"in_app", "whatsapp"}


def test_in_app_only_still_reaches_the_app(api, reachable, desa_a, operator_desa_a):
    api(operator_desa_a).put(
        URL,
        {"kinds": [{"kind": "new_complaint", "email": False, "whatsapp": False}]},
        format="json",
    )

    submit(desa_a)

    assert channels("new_complaint", "petugas.a") == {"in_app"}


def test_one_persons_choice_leaves_anothers_alone(
    api, reachable, desa_a, operator_desa_a, kades_desa_a, pejabat_desa_a
):
    api(kades_desa_a).put(
        URL, {"kinds": [{"kind": "objected", "email": False, "whatsapp": True}]}, format="json"
    )
    complaint = complaint_in("reopened", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)

    assert complaint.status == "reopened"
    assert channels("objected", "kades.a") == {"in_app", "whatsapp"}
    assert channels("objected", "petugas.a") == {"in_app", "email"}


def test_a_resident_has_no_staff_preferences(api, warga):
    assert api(warga).get(URL).status_code == 403
    assert api(warga).put(URL, {"daily_digest": True}, format="json").status_code == 403


def test_preferences_need_a_login(api):
    assert api().get(URL).status_code == 401


def test_nobody_can_name_another_user(api, pejabat_desa_a, kades_desa_a):
    r = api(pejabat_desa_a).put(URL, {"user": kades_desa_a.pk, "daily_digest": True}, format="json")

    assert r.status_code == 400, r.json()
    assert "user" in r.json()["fields"]
    assert not NotificationPreference.objects.filter(user=kades_desa_a).exists()


def test_only_a_village_head_may_take_the_digest(api, pejabat_desa_a, operator_desa_a):
    r = api(pejabat_desa_a).put(URL, {"daily_digest": True}, format="json")
    kinds = api(operator_desa_a).put(
        URL, {"kinds": [{"kind": "digest", "email": True, "whatsapp": False}]}, format="json"
    )

    assert r.status_code == 400 and "daily_digest" in r.json()["fields"]
    assert kinds.status_code == 400 and "kinds" in kinds.json()["fields"]
    assert not NotificationPreference.objects.filter(kind="digest").exists()


def test_the_village_head_gets_one_digest_a_day(
    api, reachable, desa_a, operator_desa_a, pejabat_desa_a, kades_desa_a
):
    r = api(kades_desa_a).put(
        URL,
        {"daily_digest": True, "kinds": [{"kind": "digest", "email": False, "whatsapp": True}]},
        format="json",
    )
    assert r.status_code == 200 and r.json()["daily_digest"] is True, r.json()
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=WIB), tick=False):
        late = complaint_in("assigned", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    sla_tasks.escalate(late.pk, datetime(2026, 3, 10, 0, 1, tzinfo=WIB).isoformat())
    with time_machine.travel(datetime(2026, 3, 10, 6, tzinfo=WIB), tick=False):
        submit(desa_a)

    morning = datetime(2026, 3, 10, 7, 30, tzinfo=WIB)
    with time_machine.travel(morning, tick=False):
        first = send_digests()
    again = notify_digests(now=datetime(2026, 3, 10, 7, 45, tzinfo=WIB))  # a second run
    afternoon = notify_digests(now=datetime(2026, 3, 10, 15, 30, tzinfo=WIB))
    next_day = notify_digests(now=datetime(2026, 3, 11, 7, 30, tzinfo=WIB))

    # queued or kept: one row set per day, and nothing outside the desa's morning
    assert (first, again, afternoon, next_day) == (1, 1, 0, 1)
    digests = Notification.objects.filter(template="digest")
    assert {(n.payload["day"], n.channel) for n in digests} == {
        ("2026-03-10", "in_app"), ("2026-03-10", "whatsapp"),
        ("2026-03-11", "in_app"), ("2026-03-11", "whatsapp"),
    }  # fmt: skip
    day_one = digests.get(payload__day="2026-03-10", channel="in_app")
    assert (day_one.payload["new"], day_one.payload["overdue"], day_one.payload["escalated"]) == (
        1,
        1,
        1,
    )
    message = render("digest", day_one.payload, "id")
    assert message.subject == "Ringkasan harian Desa Jagabaya, Selasa, 10 Maret 2026"
    assert "Dieskalasi, jawaban masih ditunggu: 1." in message.text


def test_turning_the_digest_off_stops_it(api, kades_desa_a):
    api(kades_desa_a).put(URL, {"daily_digest": True}, format="json")
    r = api(kades_desa_a).put(URL, {"daily_digest": False}, format="json")

    assert r.json()["daily_digest"] is False
    assert notify_digests(now=datetime(2026, 3, 10, 7, 30, tzinfo=WIB)) == 0


WITA, WIT = ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")


@pytest.fixture
def heads_in_three_zones(desa_a, desa_a2, desa_b):
    """A village head with the digest in a WIB, a WITA and a WIT desa."""
    heads = {}
    zones = ((desa_a, "Asia/Jakarta"), (desa_a2, "Asia/Makassar"), (desa_b, "Asia/Jayapura"))
    for desa, zone in zones:
        desa.timezone = zone
        desa.save(update_fields=["timezone"])
        head = user_with(Role.VILLAGE_HEAD, desa, username=f"kades.{desa.register_abbreviation}")
        NotificationPreference.objects.create(user=head, kind="digest", email=False, whatsapp=False)
        heads[zone] = head
    return heads


def digest_days(head) -> list[str]:
    rows = Notification.objects.filter(template="digest", recipient=head)
    return sorted(rows.values_list("payload__day", flat=True))


@pytest.mark.parametrize(
    ("zone", "morning"),
    [("Asia/Makassar", datetime(2026, 3, 10, 7, 30, tzinfo=WITA)),
     ("Asia/Jayapura", datetime(2026, 3, 10, 7, 30, tzinfo=WIT))],
)  # fmt: skip
def test_a_desa_east_of_jakarta_gets_its_digest_at_0730_of_its_own_zone(
    heads_in_three_zones, zone, morning
):
    head, wib_head = heads_in_three_zones[zone], heads_in_three_zones["Asia/Jakarta"]

    notify_digests(now=morning - timedelta(minutes=1))
    assert digest_days(head) == []
    on_time = notify_digests(now=morning)
    again = notify_digests(now=morning + timedelta(minutes=20))

    assert (on_time, again) == (1, 1)
    assert digest_days(head) == ["2026-03-10"]  # once that day, dated in its own zone
    assert digest_days(wib_head) == []  # 07:30 WIB is later still
    # An hour later it is 07:30 in the next zone west: that desa's turn, not this one's.
    assert notify_digests(now=morning + timedelta(hours=1)) == 1
    assert digest_days(head) == ["2026-03-10"]


def test_the_hourly_beat_gives_each_zone_its_morning_once_a_day(heads_in_three_zones):
    # Every half past from 20:30 UTC to 01:30 UTC, as the beat runs it.
    start = datetime(2026, 3, 9, 20, 30, tzinfo=UTC)
    for hour in range(6):
        with time_machine.travel(start + timedelta(hours=hour), tick=False):
            send_digests()

    sent_at = {
        zone: Notification.objects.get(template="digest", recipient=head).created_at
        for zone, head in heads_in_three_zones.items()
    }
    assert {zone: at.astimezone(ZoneInfo(zone)).time() for zone, at in sent_at.items()} == {
        "Asia/Jakarta": time(7, 30), "Asia/Makassar": time(7, 30), "Asia/Jayapura": time(7, 30)
    }  # fmt: skip
