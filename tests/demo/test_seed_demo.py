"""What `seed_demo` does: regions, logins, contacts, the demo complaints once, nothing sent
(what the demo complaints look like: `test_complaints.py`)."""

import json
from datetime import timedelta

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Role, User
from complaints.models import Complaint
from demo.complaints import STORIES
from notifications.models import Channel, Notification, State
from notifications.services import notification_deliver, notification_resend_due
from regions.models import DesaContact, Level, Region
from tests.complaints.factories import submit
from tests.notifications.servers import whatsapp_gateway


def test_seed_demo_twice_gives_the_same_data(db, settings):
    call_command("seed_demo", quiet=True)
    counts = (Region.objects.count(), User.objects.count(), Membership.objects.count())
    emblem = Region.objects.get(code="32.07.10.2010").emblem_version

    call_command("seed_demo", quiet=True)

    assert (Region.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    assert Region.objects.get(code="32.07.10.2010").name == "Jagabaya"
    assert Region.objects.get(code="33.22.02.2006").register_abbreviation == "KLR"
    assert Region.objects.filter(level=Level.DESA, parent__code="32.07.10").count() >= 4
    assert Region.objects.filter(level=Level.DESA, parent__code="33.22.02").count() >= 3
    # Jagabaya's drawn emblem is given once: one an admin uploads later survives a re-seed.
    assert emblem and Region.objects.get(code="32.07.10.2010").emblem_version == emblem


def test_seed_demo_gives_one_login_per_role_that_works(db, settings, api):
    call_command("seed_demo", quiet=True)

    roles = set(Membership.objects.values_list("role", flat=True))
    r = api().post(
        "/api/v1/auth/token/", {"username": "kotak.klero", "password": settings.DEMO_PASSWORD}
    )

    assert roles == set(Role.values)
    assert r.status_code == 200, r.json()


def test_seed_demo_prints_the_logins(db, capsys):
    call_command("seed_demo")

    out = capsys.readouterr().out
    for login in ["warga.jagabaya", "petugas.klero", "operator.tengaran", "admin"]:
        assert login in out


def test_seed_demo_gives_the_demo_desa_contact_details_once(db):
    call_command("seed_demo", quiet=True)
    jagabaya = DesaContact.objects.get(desa__code="32.07.10.2010")
    assert jagabaya.whatsapp.startswith("+62") and jagabaya.office_hours
    assert DesaContact.objects.filter(desa__code="33.22.02.2006").exists()
    DesaContact.objects.filter(pk=jagabaya.pk).update(office_hours="Senin–Sabtu 07.30–12.00")

    call_command("seed_demo", quiet=True)

    assert DesaContact.objects.count() == 2
    assert DesaContact.objects.get(pk=jagabaya.pk).office_hours == "Senin–Sabtu 07.30–12.00"


def test_seed_demo_sends_no_message_to_its_made_up_reporters(db, settings, mailoutbox):
    # A gateway is configured: a demo message that left would reach a real number.
    with whatsapp_gateway() as (gateway, url):
        settings.WHATSAPP_API_URL = url
        call_command("seed_demo", quiet=True)
        outside = Notification.objects.filter(channel__in=[Channel.EMAIL, Channel.WHATSAPP])
        # What the worker does with each enqueued row after the seed's commit.
        results = {
            notification_deliver(notification_id=pk) for pk in outside.values_list("pk", flat=True)
        }

    assert (
        outside.filter(channel=Channel.WHATSAPP).exists()
        and outside.filter(channel=Channel.EMAIL).exists()
    )
    assert results == {"skipped"}
    assert gateway.requests == [] and mailoutbox == []
    assert set(outside.values_list("state", flat=True)) == {State.FAILED}
    assert notification_resend_due() == 0
    # In-app notices stay: the demo's staff and resident see them in the app.
    in_app = Notification.objects.filter(channel=Channel.IN_APP)
    assert in_app.exists() and not in_app.filter(state=State.FAILED).exists()


def test_a_desa_that_already_has_complaints_gets_no_demo_complaints(desa_a):
    submit(desa_a, anonymous=True)

    call_command("seed_demo", quiet=True)

    assert Complaint.objects.filter(desa__code="32.07.10.2010").count() == 1
    assert Complaint.objects.filter(desa__code="33.22.02.2006").count() == len(STORIES)


def test_demo_data_is_the_same_on_every_run(db):
    def snapshot():
        return sorted(
            (c.desa.code, c.title, c.status, c.channel, c.identity.nik if not c.anonymous else "")
            for c in Complaint.objects.select_related("desa", "identity")
        )

    with transaction.atomic():
        call_command("seed_demo", quiet=True)
        first = snapshot()
        transaction.set_rollback(True)
    call_command("seed_demo", quiet=True)

    assert snapshot() == first


def test_seed_demo_prints_how_many_demo_complaints_each_desa_got(db, capsys):
    call_command("seed_demo")

    out = capsys.readouterr().out
    assert f"{len(STORIES)} pengaduan contoh di Desa Jagabaya" in out
    assert f"{len(STORIES)} pengaduan contoh di Desa Klero" in out


def test_with_neighbours_the_kecamatan_compares_lived_in_desa_and_hides_small_cells(db, api):
    from accounts.models import User

    call_command("seed_demo", quiet=True, neighbours=True)
    operator = User.objects.get(username="operator.panawangan")

    report = api(operator).get("/api/v1/reports/kecamatan/32.07.10/", {"period": "range",
        "start": (timezone.localdate().replace(day=1) - timedelta(days=240)).isoformat(),
        "end": timezone.localdate().isoformat()}).json()  # fmt: skip

    received = {row["name"]: row["measures"]["received"] for row in report["desa"]}
    assert all(isinstance(received[name], int) and received[name] >= 20 for name in
               ("Panawangan", "Nagarajati", "Kertayasa", "Gardujaya"))  # fmt: skip
    assert received["Bangunjaya"] not in (0, "< 5")  # 9: shown, its small cells are not
    cells = json.dumps(report["desa"])
    assert '"< 5"' in cells
    shares = {row["name"]: row["measures"]["answered_share"] for row in report["desa"]}
    assert len({share for share in shares.values() if share is not None}) >= 3
    ratings = Complaint.objects.filter(desa__code="32.07.10.2004", rating__isnull=False)
    assert ratings.values("rating").distinct().count() >= 3
    channels = Complaint.objects.filter(desa__code="32.07.10.2001").values("channel").distinct()
    assert channels.count() >= 4
