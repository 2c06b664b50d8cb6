"""A demo opening of the suggestion box, made through the services by `seed_demo`: what the
box team records when the box is opened before witnesses, and its slips typed in as
complaints received on the opening's date (docs/domain.md, The suggestion box)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import User
from common.clock import current_time
from complaints.models import Kind
from regions.models import Region
from suggestion_box.models import Opening
from suggestion_box.services import SlipData, Witness, opening_create, slip_add

WITNESSES = [
    Witness(name="H. Dadang Suryana", position="Ketua BPD"),
    Witness(name="Iis Rohimah", position="Ketua RW 02"),
]
# What the slips said; unsigned, as most slips in the box are.
SLIPS = [
    SlipData(
        kind=Kind.SUGGESTION,
        category_slug="pelayanan-aparatur",
        title="Pelayanan surat pengantar di hari Sabtu",
        description="Banyak warga bekerja di pabrik dari Senin sampai Jumat. Mohon kantor desa "
        "membuka layanan surat pengantar setengah hari pada hari Sabtu.",
        anonymous=True,
    ),
    SlipData(
        kind=Kind.COMPLAINT,
        category_slug="infrastruktur",
        title="Lampu jalan di tikungan Dusun Cikupa padam",
        description="Lampu jalan di tikungan dekat masjid sudah seminggu padam. Malam hari "
        "tikungan itu gelap dan sering ada motor hampir tergelincir.",
        anonymous=True,
    ),
]


def openings_seed_demo(*, desa: Region, box_team: User, days_ago: int = 6) -> Opening | None:
    """Record one opening of the desa's box `days_ago` days back at 09.00 local time, with
    two witnesses, and type its slips in as complaints. Nothing when the desa has an opening
    already (seed_demo runs at every `make run`)."""
    if Opening.objects.filter(desa=desa).exists():
        return None
    zone = ZoneInfo(desa.timezone)
    day = (timezone.localtime(current_time(), timezone=zone) - timedelta(days=days_ago)).date()
    opened_at = datetime.combine(day, time(9, 0), tzinfo=zone)
    opening = opening_create(
        desa=desa,
        actor=box_team,
        opened_at=opened_at,
        opener_ids=[box_team.pk],
        witnesses=WITNESSES,
        declared_count=len(SLIPS),
        notes="Kotak saran di serambi kantor desa dibuka setelah apel pagi.",
    )
    for slip in SLIPS:
        slip_add(opening=opening, actor=box_team, slip=slip)
    return opening
