"""A complaint's page: the complaint with everything its page shows (desa and kecamatan,
the register's settings and entry, category, assignee, SLA clock) in one constant statement
(`complaint_get`), with its history in the same statement (`complaint_page`); tracking's
read by code and PIN (`complaint_track`). `complaint_page_orm` is the readable ORM twin the
tests hold `complaint_page` to."""

from functools import cache

from accounts.models import User
from common.errors import NotFound
from common.rawsql import Columns, read_cursor
from complaints.access import complaint_visible_to, visible_complaints
from complaints.identity import pin_matches, tracking_code_normalise
from complaints.models import Category, Complaint
from complaints.reads.timeline import (
    ComplaintHistory,
    HistoryColumns,
    complaint_history_orm,
    history_of,
    history_sql,
)
from regions.models import Region
from register.models import RegisterEntry, RegisterSettings
from sla.models import ComplaintSla

# The complaint page's row with everything it shows, in one constant statement.
_COMPLAINT = Columns(Complaint, "c")
_DESA, _KECAMATAN = Columns(Region, "d"), Columns(Region, "k")
_REGISTER_SETTINGS, _REGISTER_ENTRY = Columns(RegisterSettings, "rs"), Columns(RegisterEntry, "re")
_CATEGORY, _ASSIGNEE, _CLOCK = (
    Columns(Category, "cat"),
    Columns(User, "a"),
    Columns(ComplaintSla, "s"),
)


@cache
def _complaint_sql(*, with_history: bool = False) -> str:
    groups = (
        _COMPLAINT, _DESA, _KECAMATAN, _REGISTER_SETTINGS, _CATEGORY, _ASSIGNEE, _CLOCK,
        _REGISTER_ENTRY,
    )  # fmt: skip
    region = Region._meta.db_table
    history = f", {history_sql()}" if with_history else ""
    return (
        f"SELECT {', '.join(group.sql for group in groups)}{history}"  # noqa: S608
        f" FROM {Complaint._meta.db_table} c"
        f" JOIN {region} d ON d.id = c.desa_id"
        f" LEFT JOIN {region} k ON k.id = d.parent_id"
        f" LEFT JOIN {RegisterSettings._meta.db_table} rs ON rs.desa_id = d.id"
        f" JOIN {Category._meta.db_table} cat ON cat.id = c.category_id"
        f" LEFT JOIN {User._meta.db_table} a ON a.id = c.assigned_to_id"
        f" LEFT JOIN {ComplaintSla._meta.db_table} s ON s.complaint_id = c.id"
        f" LEFT JOIN {RegisterEntry._meta.db_table} re ON re.complaint_id = c.id"
        " WHERE c.tracking_code = %s"
    )


def _complaint_row(code: str, *, with_history: bool = False) -> tuple | None:
    with read_cursor() as cursor:
        cursor.execute(_complaint_sql(with_history=with_history), [code])
        return cursor.fetchone()


def _complaint_of_row(row: tuple) -> tuple[Complaint, int]:
    """The complaint of the row's column groups, and where the groups end (the history's
    `HistoryColumns` follow them in `complaint_page`'s statement)."""
    complaint, at = _COMPLAINT.load(row, 0)
    desa, at = _DESA.load(row, at)
    desa.parent, at = _KECAMATAN.load(row, at)
    settings, at = _REGISTER_SETTINGS.load(row, at)
    Region._meta.get_field("register_settings").set_cached_value(desa, settings)
    complaint.desa = desa
    complaint.category, at = _CATEGORY.load(row, at)
    complaint.assigned_to, at = _ASSIGNEE.load(row, at)
    clock, at = _CLOCK.load(row, at)
    entry, end = _REGISTER_ENTRY.load(row, at)
    # Reverse one-to-ones: a cached None answers "no such row" as select_related would.
    Complaint._meta.get_field("sla").set_cached_value(complaint, clock)
    Complaint._meta.get_field("register_entry").set_cached_value(complaint, entry)
    return complaint, end


def complaint_get(*, actor: User, code: str) -> Complaint:
    """One visible complaint with what its page shows; 404 alike for missing and out of
    scope. Read by tracking code in one prepared statement, then checked with
    `complaint_visible_to` (the rules of `visible_complaints`, without a query)."""
    row = _complaint_row(tracking_code_normalise(code))
    return _visible(actor, None if row is None else _complaint_of_row(row)[0])


def complaint_page(*, actor: User, code: str) -> tuple[Complaint, ComplaintHistory]:
    """`complaint_get` with the complaint's history, in the same one statement."""
    row = _complaint_row(tracking_code_normalise(code), with_history=True)
    if row is None:
        raise NotFound()
    complaint, end = _complaint_of_row(row)
    return _visible(actor, complaint), history_of(HistoryColumns._make(row[end:]))


def _visible(actor: User, complaint: Complaint | None) -> Complaint:
    if complaint is None or not complaint_visible_to(actor, complaint):
        raise NotFound()
    return complaint


def complaint_track(*, code: str, pin: str) -> Complaint:
    """The complaint of a tracking code whose PIN matches; a wrong PIN looks like a wrong code."""
    complaint = (
        Complaint.objects.select_related(
            "desa__parent", "desa__register_settings", "category", "sla", "register_entry"
        )
        .filter(tracking_code=tracking_code_normalise(code))
        .first()
    )
    if complaint is None or not pin_matches(complaint.tracking_code, pin, complaint.pin_hash):
        raise NotFound()
    return complaint


# --- the ORM twin ------------------------------------------------------------------------


def complaint_page_orm(*, actor: User, code: str) -> tuple[Complaint, ComplaintHistory]:
    """`complaint_page` through the ORM: `visible_complaints` with `select_related`, and
    the history's twin (four queries where the page takes one)."""
    complaint = (
        visible_complaints(actor)
        .select_related(
            "desa__parent", "desa__register_settings", "category", "assigned_to", "sla",
            "register_entry",
        )
        .filter(tracking_code=tracking_code_normalise(code))
        .first()
    )  # fmt: skip
    if complaint is None:
        raise NotFound()
    return complaint, complaint_history_orm(complaint=complaint)
