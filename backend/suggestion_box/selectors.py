"""Every read of openings, given a desa the actor may read (`access.box_desa_get`)."""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet

from accounts.models import User
from common.errors import NotFound
from regions.models import Region
from register.models import format_number
from register.selectors import register_settings_of
from suggestion_box.models import DeclaredCountChange, Opening, Slip


def _openers() -> Prefetch:
    """The openers in one order wherever they are shown, the berita acara's signatures
    included: a many-to-many read has none of its own (rows come back as they lie on disk)."""
    return Prefetch("openers", queryset=User.objects.order_by("pk"))


def opening_list(*, desa: Region, incomplete: bool | None = None) -> QuerySet[Opening]:
    """The desa's openings, newest first, each with `entered_count` and its openers.

    `incomplete`: True for the openings whose entered slips differ from the declared count
    (belum lengkap), False for the complete ones.
    """
    openings = (
        Opening.objects.filter(desa=desa)
        .annotate(entered_count=Count("slips"))
        .prefetch_related(_openers())
    )
    if incomplete is True:
        openings = openings.filter(~Q(entered_count=F("declared_count")))
    elif incomplete is False:
        openings = openings.filter(entered_count=F("declared_count"))
    return openings.order_by("-opened_at", "-id")


def opening_get(*, desa: Region, opening_id: int) -> Opening:
    """One opening of the desa with its openers, slips (complaint, register entry) and the
    history of its declared count; 404 for another desa's."""
    opening = (
        Opening.objects.filter(desa=desa, pk=opening_id)
        .annotate(entered_count=Count("slips"))
        .prefetch_related(
            _openers(),
            Prefetch(
                "slips",
                queryset=Slip.objects.select_related(
                    "complaint__category", "complaint__register_entry"
                ).order_by("number"),
            ),
            Prefetch(
                "count_changes",
                queryset=DeclaredCountChange.objects.select_related("changed_by"),
            ),
        )
        .first()
    )
    if opening is None:
        raise NotFound()
    opening.desa = desa
    return opening


@dataclass(frozen=True)
class SlipRow:
    """A slip as the opening shows and prints it: never who wrote it."""

    number: int
    register_number: str
    tracking_code: str
    kind: str
    category: str
    title: str
    status: str
    anonymous: bool
    entered_by_id: int | None


def slip_rows(opening: Opening) -> list[SlipRow]:
    """The opening's slips in entry order (`opening_get` loaded what they read)."""
    rules = register_settings_of(opening.desa)
    rows = []
    for slip in opening.slips.all():
        complaint = slip.complaint
        entry = getattr(complaint, "register_entry", None)
        register_number = (
            format_number(
                number=entry.number,
                year=entry.year,
                abbreviation=opening.desa.register_abbreviation,
                rules=rules,
            )
            if entry
            else ""
        )
        rows.append(
            SlipRow(
                number=slip.number,
                register_number=register_number,
                tracking_code=complaint.tracking_code,
                kind=complaint.kind,
                category=complaint.category.name,
                title=complaint.title,
                status=complaint.status,
                anonymous=complaint.anonymous,
                entered_by_id=slip.entered_by_id,
            )
        )
    return rows
