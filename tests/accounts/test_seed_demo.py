from django.core.management import call_command

from accounts.models import Membership, Role, User
from regions.models import DesaContact, Level, Region


def test_seed_demo_twice_gives_the_same_data(db, settings):
    call_command("seed_demo", quiet=True)
    counts = (Region.objects.count(), User.objects.count(), Membership.objects.count())

    call_command("seed_demo", quiet=True)

    assert (Region.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    assert Region.objects.get(code="32.07.10.2010").name == "Jagabaya"
    assert Region.objects.get(code="33.22.02.2006").register_abbreviation == "KLR"
    assert Region.objects.filter(level=Level.DESA, parent__code="32.07.10").count() >= 4
    assert Region.objects.filter(level=Level.DESA, parent__code="33.22.02").count() >= 3


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
