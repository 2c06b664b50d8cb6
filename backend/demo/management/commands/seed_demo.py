"""Demo data: two real kecamatan with their desa, and one login per role. Idempotent."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Position, Role, User
from accounts.services import membership_grant, user_upsert
from assignments.models import RoutingPolicy
from assignments.services import routing_update
from demo.complaints import DemoStaff, Habits, complaints_seed_demo, complaints_seed_history
from demo.regions import DEMO_CONTACTS, DEMO_REGIONS, demo_emblem_png
from demo.suggestion_box import openings_seed_demo
from notifications.services import notifications_withhold_outside
from regions.models import DesaContact, Region
from regions.services import desa_contact_set, region_emblem_set, region_upsert

JAGABAYA, KLERO = "32.07.10.2010", "33.22.02.2006"
PANAWANGAN, TENGARAN = "32.07.10", "33.22.02"

# (username, full name, role, region code, position, phone). Names and numbers are made up.
DEMO_USERS: list[tuple[str, str, str, str | None, str, str | None]] = [
    ("warga.jagabaya", "Siti Aminah", Role.RESIDENT, JAGABAYA, "", "0812-0000-1001"),
    ("petugas.jagabaya", "Dede Kurniawan", Role.INTAKE_OFFICER, JAGABAYA, "", None),
    ("pejabat.jagabaya", "Asep Saepudin", Role.HANDLER, JAGABAYA, Position.KASI_PEMERINTAHAN, None),
    ("kades.jagabaya", "H. Ujang Suryana", Role.VILLAGE_HEAD, JAGABAYA, "", None),
    ("kotak.jagabaya", "Neneng Rohaeni", Role.BOX_TEAM, JAGABAYA, "", None),
    ("warga.klero", "Sri Wahyuni", Role.RESIDENT, KLERO, "", "0812-0000-2001"),
    ("petugas.klero", "Agus Setiawan", Role.INTAKE_OFFICER, KLERO, "", None),
    ("pejabat.klero", "Bambang Riyadi", Role.HANDLER, KLERO, Position.KASI_PEMERINTAHAN, None),
    ("kades.klero", "Suparno", Role.VILLAGE_HEAD, KLERO, "", None),
    ("kotak.klero", "Endang Lestari", Role.BOX_TEAM, KLERO, "", None),
    ("operator.panawangan", "Rina Marlina", Role.KECAMATAN_OPERATOR, PANAWANGAN, "", None),
    ("operator.tengaran", "Joko Purnomo", Role.KECAMATAN_OPERATOR, TENGARAN, "", None),
    ("admin", "Admin Kabupaten", Role.ADMIN, None, "", None),
]

# Jagabaya's neighbours in Kec. Panawangan: months of complaints each, handled by an office
# of their own (not printed as logins), so operator.panawangan compares real desa. Bangunjaya
# is small: its counts stay under 5 and show as "< 5".
NEIGHBOURS: dict[str, tuple[tuple[str, str, str], Habits]] = {
    "32.07.10.2001": (("Yayan Sofyan", "Iwan Ridwan", "H. Dadang Hermawan"),
                      Habits(40, 0.10, 0.05, (1, 6), (5, 5, 4, 4, 4, 3))),
    "32.07.10.2004": (("Lilis Suryani", "Cecep Hidayat", "Engkos Kosasih"),
                      Habits(32, 0.25, 0.08, (5, 20), (4, 3, 3, 2, 5))),
    "32.07.10.2006": (("Euis Komalasari", "Mamat Rahmat", "Didi Supriadi"),
                      Habits(26, 0.15, 0.12, (2, 12), (5, 4, 4, 3))),
    "32.07.10.2011": (("Tati Herawati", "Ujang Koswara", "Enday Sudrajat"),
                      Habits(22, 0.30, 0.05, (8, 30), (3, 2, 3, 1, 4))),
    "32.07.10.2013": (("Nining Kurniasih", "Aep Saepuloh", "Oman Abdurahman"),
                      Habits(9, 0.10, 0.0, (2, 8), (5, 4))),
}  # fmt: skip


def _neighbour_staff(desa: Region, names: tuple[str, str, str], password: str) -> DemoStaff:
    slug = desa.name.lower().replace(" ", "")
    people = []
    for prefix, full_name, role, position in zip(
        ("petugas", "pejabat", "kades"), names,
        (Role.INTAKE_OFFICER, Role.HANDLER, Role.VILLAGE_HEAD),
        ("", Position.KASI_PEMERINTAHAN, ""), strict=True,
    ):  # fmt: skip
        user = user_upsert(
            username=f"{prefix}.{slug}", full_name=full_name, password=password, phone=None
        )
        membership_grant(user=user, role=role, region=desa, actor=None, position=position)
        people.append(user)
    intake, handler, head = people
    return DemoStaff(intake=intake, handler=handler, head=head, box_team=intake)


class Command(BaseCommand):
    help = "Load the demo regions and one user per role (idempotent); print the logins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins.")
        parser.add_argument(
            "--neighbours",
            action="store_true",
            help="Also months of complaints in Jagabaya's neighbours (Kec. Panawangan), for "
            "the kecamatan's comparison; `make run` asks for them (about 10 s more).",
        )

    @transaction.atomic
    def handle(self, *args, quiet: bool = False, neighbours: bool = False, **options):
        for code, name, level, abbreviation in DEMO_REGIONS:
            region_upsert(code=code, name=name, level=level, register_abbreviation=abbreviation)
        regions = {region.code: region for region in Region.objects.all()}
        for code, contact in DEMO_CONTACTS.items():
            # Set once: what an admin changed afterwards survives the next `make run`.
            if not DesaContact.objects.filter(desa=regions[code]).exists():
                desa_contact_set(desa=regions[code], **contact)
        # Jagabaya shows an emblem in its header; Klero shows none (no kabupaten's either).
        if not regions[JAGABAYA].emblem_version:
            region_emblem_set(region=regions[JAGABAYA], data=demo_emblem_png())

        password = settings.DEMO_PASSWORD
        rows = []
        for username, full_name, role, code, position, phone in DEMO_USERS:
            user = user_upsert(
                username=username,
                full_name=full_name,
                password=password,
                phone=phone,
                is_superuser=role == Role.ADMIN,
            )
            region = regions[code] if code else None
            membership_grant(user=user, role=role, region=region, actor=None, position=position)
            where = region.name if region else "semua wilayah"
            rows.append((username, Role(role).label, where))

        if not quiet:
            self.stdout.write(f"Demo logins (password: {password})")
            width = max(len(row[0]) for row in rows)
            for username, role_label, where in rows:
                self.stdout.write(f"  {username:<{width}}  {role_label} — {where}")

        # A few weeks of complaints in each demo desa, handled by the logins above.
        usernames = [row[0] for row in DEMO_USERS]
        users = {user.username: user for user in User.objects.filter(username__in=usernames)}
        for desa_code in (JAGABAYA, KLERO):
            # The demo desa has one official: complaints of the other categories go to the
            # Sekdes, and with no Sekdes either, to the village head (history says why).
            if not RoutingPolicy.objects.filter(desa=regions[desa_code]).exists():
                routing_update(
                    actor=None,
                    desa=regions[desa_code],
                    categories=[],
                    fallback=[Position.SEKDES, Position.KEPALA_DESA],
                )
            holder = {
                role: users[username]
                for username, _name, role, code, _position, _phone in DEMO_USERS
                if code == desa_code
            }
            added = complaints_seed_demo(
                desa=regions[desa_code],
                staff=DemoStaff(
                    intake=holder[Role.INTAKE_OFFICER],
                    handler=holder[Role.HANDLER],
                    head=holder[Role.VILLAGE_HEAD],
                    box_team=holder[Role.BOX_TEAM],
                ),
                resident=holder[Role.RESIDENT],
            )
            if added and desa_code == JAGABAYA:
                # An opening of the suggestion box before witnesses, its slips complaints.
                openings_seed_demo(desa=regions[desa_code], box_team=holder[Role.BOX_TEAM])
            if added:
                # Made-up reporters: their messages stay in the outbox, never sent.
                notifications_withhold_outside(
                    desa=regions[desa_code], reason="Demo data: not sent to made-up reporters."
                )
            if added and not quiet:
                self.stdout.write(f"{added} pengaduan contoh di Desa {regions[desa_code].name}")

        for desa_code, (names, habits) in NEIGHBOURS.items() if neighbours else ():
            desa = regions[desa_code]
            if not RoutingPolicy.objects.filter(desa=desa).exists():
                routing_update(actor=None, desa=desa, categories=[],
                               fallback=[Position.SEKDES, Position.KEPALA_DESA])  # fmt: skip
            staff = _neighbour_staff(desa, names, password)
            added = complaints_seed_history(desa=desa, staff=staff, habits=habits)
            if added:
                notifications_withhold_outside(
                    desa=desa, reason="Demo data: not sent to made-up reporters."
                )
            if added and not quiet:
                self.stdout.write(f"{added} pengaduan contoh di Desa {desa.name}")
