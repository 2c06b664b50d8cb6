"""Reads of complaints, always starting from `complaints.access.visible_complaints`.

The hand-tuned reads (the inbox, a complaint's page, tracking) live in `complaints.reads`:
the one place in this app that reads register numbers and SLA clocks."""

import re
from datetime import datetime
from functools import cache
from typing import NamedTuple

from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, QuerySet, TextField, Value
from django.db.models.functions import Concat, Greatest
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scoping import OFFICE, desa_for
from common.clock import current_time
from common.errors import NotFound
from common.rawsql import Columns, read_cursor
from complaints.access import visible_complaints
from complaints.identity import tracking_code_normalise
from complaints.models import Category, Complaint, IdentityAccess
from complaints.reads.inbox import ATTENTION, attention
from complaints.state import OPEN, PRIMARY_STATES, Status
from regions.models import Level as RegionLevel
from regions.models import Region

# A submission's category with its desa, in one constant statement.
_CATEGORY, _DESA = Columns(Category, "cat"), Columns(Region, "d")


@cache
def _category_of_desa_sql() -> str:
    return (
        f"SELECT {_CATEGORY.sql}, {_DESA.sql} FROM {Category._meta.db_table} cat"  # noqa: S608
        f" JOIN {Region._meta.db_table} d ON d.id = cat.desa_id"
        " WHERE d.code = %s AND d.level = %s AND cat.slug = %s AND cat.active"
    )


def category_of_desa(*, desa_code: str, slug: str) -> Category | None:
    """A desa's active category with its desa (`category.desa`), for a submission: one
    constant statement, prepared once, where the ORM compiled a join on every request."""
    with read_cursor() as cursor:
        cursor.execute(_category_of_desa_sql(), [desa_code, RegionLevel.DESA, slug])
        row = cursor.fetchone()
    if row is None:
        return None
    category, at = _CATEGORY.load(row, 0)
    category.desa, _ = _DESA.load(row, at)
    return category


def category_list(*, desa_code: str) -> QuerySet[Category]:
    desa = Region.objects.filter(code=desa_code, level="desa").first()
    if desa is None:
        raise NotFound()
    return Category.objects.filter(desa=desa, active=True).order_by("order", "name")


def desa_official(*, desa: Region, user_id: int) -> User:
    """An active official (handler) of the desa; ValidationError otherwise."""
    user = User.objects.filter(
        pk=user_id, is_active=True, memberships__region=desa, memberships__role=Role.HANDLER
    ).first()
    if user is None:
        raise ValidationError({"grantee": _("Choose an official of this desa.")})
    return user


def identity_access_log(*, actor: User, desa_code: str) -> QuerySet[IdentityAccess]:
    """The identity access log of a desa, for its village head; 404 for anyone else."""
    desa = desa_for(actor, {Role.VILLAGE_HEAD}).filter(code=desa_code).first()
    if desa is None:
        raise NotFound()
    return (
        IdentityAccess.objects.filter(desa=desa)
        .select_related("complaint", "actor", "grantee")
        .order_by("-at", "-id")
    )


MOST_REPORTED = 5  # open complaints the village head's overview names by reporters


def complaint_counts(*, actor: User, desa_code: str, most_reported: bool = False) -> dict:
    """Complaints of a desa per state (every state, 0 included), and how many are open,
    overdue, escalated and unassignable, for its intake officer and village head — the
    inbox's state filter and the village head's overview; 404 for anyone else. One GROUP
    BY query. open: not closed or rejected (`state.OPEN`); the others as `attention` says.

    `most_reported`: also the open complaints most residents reported (duplicates joined
    to them), most first, at most `MOST_REPORTED` — one query more.
    """
    desa = desa_for(actor, OFFICE).filter(code=desa_code).first()
    if desa is None:
        raise NotFound()
    now = current_time()
    rows = (
        visible_complaints(actor, for_listing=True)
        .filter(desa=desa)
        .order_by()
        .values("status")
        .annotate(
            count=Count("id"),
            **{name: Count("id", filter=attention(name, now)) for name in ATTENTION},
        )
    )
    counts = dict.fromkeys(Status.values, 0) | {"open": 0} | dict.fromkeys(ATTENTION, 0)
    for row in rows:
        counts[row["status"]] = row["count"]
        counts["open"] += row["count"] if row["status"] in OPEN else 0
        for name in ATTENTION:
            counts[name] += row[name]
    if most_reported:
        counts["most_reported"] = [
            {
                "tracking_code": row["tracking_code"],
                "title": row["title"],
                "status": row["status"],
                "status_label": Status(row["status"]).label,
                "reporters_count": 1 + row["duplicates_count"],
            }
            for row in visible_complaints(actor, for_listing=True)
            .filter(desa=desa, status__in=OPEN, duplicates_count__gt=0)
            .order_by("-duplicates_count", "-submitted_at")
            .values("tracking_code", "title", "status", "duplicates_count")[:MOST_REPORTED]
        ]
    return counts


# --- look-alike complaints (duplicates) ---------------------------------------------------
SIMILAR_LIMIT = 5
# The least similarity (0–1) a candidate needs: pg_trgm's on PostgreSQL, the share of
# words in common elsewhere.
SIMILAR_MIN = 0.2
_SIMILAR_SCAN = 300  # SQLite: the newest candidates compared in Python
_WORD = re.compile(r"\w{3,}")


class SimilarRow(NamedTuple):
    tracking_code: str
    title: str
    description: str
    status: str
    submitted_at: datetime
    received_at: datetime | None
    duplicates_count: int
    similarity: float


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def similar_complaints(*, complaint: Complaint) -> list[SimilarRow]:
    """Open, received complaints of the same desa and category that read like this one,
    most alike first: the candidates a duplicate may be joined to (`state.PRIMARY_STATES`).
    One query. PostgreSQL ranks by pg_trgm similarity of the titles, or of title and
    description together, whichever is higher; SQLite by the share of words in common."""
    fields = (
        "tracking_code", "title", "description", "status", "submitted_at", "received_at",
        "duplicates_count",
    )  # fmt: skip
    candidates = (
        Complaint.objects.filter(
            desa_id=complaint.desa_id,
            category_id=complaint.category_id,
            status__in=PRIMARY_STATES,
        )
        .exclude(pk=complaint.pk)
        .order_by()
    )
    if connection.vendor == "postgresql":
        text = Concat("title", Value(" "), "description", output_field=TextField())
        ranked = (
            candidates.annotate(
                similarity=Greatest(
                    TrigramSimilarity("title", complaint.title),
                    TrigramSimilarity(text, f"{complaint.title} {complaint.description}"),
                )
            )
            .filter(similarity__gte=SIMILAR_MIN)
            .order_by("-similarity", "-submitted_at")
            .values_list(*fields, "similarity")[:SIMILAR_LIMIT]
        )
        return [SimilarRow(*row[:-1], round(float(row[-1]), 2)) for row in ranked]
    mine = _words(f"{complaint.title} {complaint.description}")
    found = []
    for row in candidates.order_by("-submitted_at").values_list(*fields)[:_SIMILAR_SCAN]:
        theirs = _words(f"{row[1]} {row[2]}")
        score = len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0
        if score >= SIMILAR_MIN:
            found.append(SimilarRow(*row, round(score, 2)))
    found.sort(key=lambda row: (-row.similarity, -row.submitted_at.timestamp()))
    return found[:SIMILAR_LIMIT]


def duplicate_refusal(primary: Complaint) -> str:
    """Why a complaint cannot gather duplicates now ("" when it can): it is itself joined
    to another, or it is not a received complaint still being handled (`PRIMARY_STATES`)."""
    if primary.status == Status.DUPLICATE:
        return _("%(code)s is itself joined to another complaint: join this one to that.") % {
            "code": primary.tracking_code
        }
    if primary.status not in PRIMARY_STATES:
        return _(
            "%(code)s is “%(status)s”: only a received complaint still being handled can "
            "gather duplicates."
        ) % {"code": primary.tracking_code, "status": Status(primary.status).label}
    return ""


def duplicate_primary_find(*, complaint: Complaint, code: str) -> Complaint:
    """The complaint of the same desa a typed (or pasted) tracking code names, for the
    officer to see before marking `complaint` its duplicate. One query. A code of another
    desa reads exactly like an unknown one (400 on `tracking_code`): nothing leaks."""
    primary = Complaint.objects.filter(
        tracking_code=tracking_code_normalise(code), desa_id=complaint.desa_id
    ).first()
    if primary is None:
        raise ValidationError(
            {"tracking_code": _("No complaint of this desa has this tracking code.")}
        )
    if primary.pk == complaint.pk:
        raise ValidationError({"tracking_code": _("A complaint cannot duplicate itself.")})
    return primary
