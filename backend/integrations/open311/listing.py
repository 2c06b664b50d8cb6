"""`GET requests.json` written by PostgreSQL: one statement turns the page of requests into
the JSON text itself, so Python forwards bytes instead of reading 1 000 rows of five
timestamps into objects and writing them out again (bench/README.md, Open311).

The text is the one `presenters.service_requests` + `formats.respond` give, byte for byte:
orjson's compact separators, its string escapes (PostgreSQL's `to_json` escapes the same
characters the same way), W3C date-times in the desa's zone to the second, and coordinates
as orjson writes a float. The Python path stays the readable twin: SQLite and the XML format
use it, and `tests/integrations/test_open311_listing.py` holds the two equal.

Below it, the conditional GET and the shared cache every format goes through
(`requests_answer`).
"""

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache as memoize

import orjson
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.http import parse_etags
from django.utils.translation import gettext as _

from accounts.models import Position
from common.api import choice_labels
from common.clock import current_time
from common.dbrouting import read_alias, read_connection
from complaints.models import Category, Complaint
from complaints.state import Status
from integrations import selectors
from integrations.open311 import presenters
from integrations.open311.formats import respond
from integrations.open311.presenters import CLOSED
from regions.models import Region
from register.models import RegisterEntry
from sla.models import ComplaintSla

# Stand-ins for the placeholders of the status-notes sentence, replaced in SQL: the sentence
# is translated, and `%` formatting is done here so its escapes stay Python's.
_STATUS, _YEAR, _NUMBER = "\x01", "\x02", "\x03"


def _w3c(moment: str) -> str:
    """SQL for a timestamptz as `datetime.astimezone(zone).isoformat(timespec="seconds")`
    writes it, e.g. 2026-12-06T09:15:00+07:00 (`to_char` cuts the microseconds as orjson's
    OPT_OMIT_MICROSECONDS does). NULL stays NULL."""
    local = f"({moment} AT TIME ZONE p.zone)"
    offset = f"({local} - ({moment} AT TIME ZONE 'UTC'))"
    return (
        f"""'"' || to_char({local}, 'YYYY-MM-DD"T"HH24:MI:SS') || CASE WHEN {offset} < """
        f"""interval '0' THEN '-' || to_char(-{offset}, 'HH24:MI') ELSE '+' || """
        f"""to_char({offset}, 'HH24:MI') END || '"'"""
    )


def _coordinate(value: str) -> str:
    """SQL for a numeric(9, 6) as orjson writes `float(value)`: the shortest decimal that
    reads back as the same float, which for 6 decimals is the number without its trailing
    zeros (5.0 keeps one); below 0.00001 orjson switches to exponents (9e-6)."""
    trimmed = f"rtrim({value}::text, '0')"
    return (
        f"CASE WHEN {value} IS NULL THEN 'null' "
        f"WHEN {value} <> 0 AND abs({value}) < 0.00001 THEN "
        f"CASE WHEN {value} < 0 THEN '-' ELSE '' END || (abs({value}) * 1000000)::int || 'e-6' "
        f"WHEN {trimmed} LIKE '%%.' THEN {trimmed} || '0' ELSE {trimmed} END"
    )


def _json(value: str) -> str:
    return f"COALESCE(to_json({value})::text, 'null')"


# The listed rows' version over the page `c` and its joins (`cat`, `re`, `sla`): each row's
# PostgreSQL row version (`xmin`, new on every insert and update), in the listed order.
_VERSION = (
    "md5(COALESCE(string_agg(c.id || ':' || c.row_version || ':' || COALESCE(cat.xmin::text, '')"
    " || ':' || COALESCE(re.xmin::text, '') || ':' || COALESCE(sla.xmin::text, ''),"
    " ',' ORDER BY c.submitted_at DESC, c.id DESC), ''))"
)


# The complaint's own columns the statement reads, carried out of the page's own scan
# (joining the page back to the table made PostgreSQL scan all of the desa's complaints).
_PAGE_COLUMNS = (
    "id", "tracking_code", "status", "description", "location_text", "latitude", "longitude",
    "assigned_position", "submitted_at", "received_at", "closed_at", "updated_at", "category_id",
)  # fmt: skip


@memoize
def _statement(full: bool) -> str:
    """The statement around the page (`_PAGE_COLUMNS` and each row's version, the first
    `%s`): the body, keys in the presenter's order; the rows' version; the oldest listed
    submission. `full`: description and location shown (the privacy extension)."""
    category = Category._meta.db_table
    entry, clock = RegisterEntry._meta.db_table, ComplaintSla._meta.db_table
    notes = (
        "CASE WHEN c.received_at IS NOT NULL AND re.number IS NOT NULL THEN "
        "replace(replace(replace(p.notes, chr(1), COALESCE(p.statuses ->> c.status, c.status)), "
        "chr(2), re.year::text), chr(3), re.number::text) "
        "ELSE COALESCE(p.statuses ->> c.status, c.status) END"
    )
    agency = (
        "CASE WHEN COALESCE(c.assigned_position, '') <> '' "
        "THEN COALESCE(p.positions ->> c.assigned_position, '') ELSE p.agency END"
    )
    deadline = "CASE WHEN c.received_at IS NOT NULL THEN sla.deadline END"
    hidden = "'null'"
    fields = [
        ("service_request_id", _json("c.tracking_code")),
        ("status", """CASE WHEN c.status = ANY(p.closed) THEN '"closed"' ELSE '"open"' END"""),
        ("status_notes", _json(notes)),
        ("service_name", _json("cat.name")),
        ("service_code", _json("cat.slug")),
        ("description", _json("c.description") if full else hidden),
        ("agency_responsible", _json(agency)),
        ("service_notice", hidden),
        ("requested_datetime", f"COALESCE({_w3c('c.submitted_at')}, 'null')"),
        ("updated_datetime", f"COALESCE({_w3c('COALESCE(c.closed_at, c.updated_at)')}, 'null')"),
        ("expected_datetime", f"COALESCE({_w3c(deadline)}, 'null')"),
        ("address", _json("NULLIF(c.location_text, '')") if full else hidden),
        ("address_id", hidden),
        ("zipcode", hidden),
        ("lat", _coordinate("c.latitude") if full else hidden),
        ("long", _coordinate("c.longitude") if full else hidden),
        ("media_url", hidden),
    ]
    members = " || ',' || ".join(f"""'"{key}":' || {value}""" for key, value in fields)
    # Table names and this module's own expressions only: every value is a parameter.
    return f"""
        WITH page AS (%s),
        p AS (SELECT %s::text AS zone, %s::jsonb AS statuses, %s::jsonb AS positions,
                     %s::text AS agency, %s::text AS notes, %s::text[] AS closed)
        SELECT '[' || COALESCE(string_agg('{{' || {members} || '}}', ','
                                          ORDER BY c.submitted_at DESC, c.id DESC), '') || ']',
               {_VERSION}, min(c.submitted_at)
        FROM page c
        CROSS JOIN p
        LEFT JOIN {category} cat ON cat.id = c.category_id
        LEFT JOIN {entry} re ON re.complaint_id = c.id
        LEFT JOIN {clock} sla ON sla.complaint_id = c.id
    """  # noqa: S608


def requests_json(*, desa: Region, query: selectors.Open311Query, full: bool) -> bytes:
    """The JSON body of `GET requests.json`. PostgreSQL only; one statement."""
    return _built(desa=desa, query=query, full=full).body


@dataclass(frozen=True)
class _Built:
    body: bytes
    version: str  # of the listed rows (`_VERSION`), as `_version` gives it
    oldest: datetime | None  # the first listed request to age out of the window


def _built(*, desa: Region, query: selectors.Open311Query, full: bool) -> _Built:
    """The JSON body and the version of the rows it lists, read in one snapshot."""
    connection = read_connection()
    page_sql, page_params = (
        _page(desa, query, _PAGE_COLUMNS).get_compiler(connection=connection).as_sql()
    )
    template = _("%(status)s; register number %(year)s/%(number)s")
    params = [
        desa.timezone,
        orjson.dumps(choice_labels(Status)).decode(),
        orjson.dumps(choice_labels(Position)).decode(),
        _("Village government of %(desa)s") % {"desa": desa.name},
        template % {"status": _STATUS, "year": _YEAR, "number": _NUMBER},
        sorted(status.value for status in CLOSED),
    ]
    sql = _statement(full).replace("WITH page AS (%s)", f"WITH page AS ({page_sql})", 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*page_params, *params])
        body, version, oldest = cursor.fetchone()
        return _Built(body.encode(), version, oldest)


def _page(desa: Region, query: selectors.Open311Query, columns: tuple[str, ...]):
    """The page's query of `columns` and each row's version (`row_version`)."""
    return (
        selectors.open311_request_page(desa=desa, query=query)
        # A system column the ORM cannot name; no value of the caller's in it.
        .annotate(row_version=RawSQL(f'"{Complaint._meta.db_table}".xmin::text', ()))  # noqa: S611
        .values(*columns, "row_version")
        .query
    )


# --- Conditional GET and the shared cache ------------------------------------------------
# Polling applications ask for the same list again and again. The answer's bytes depend on
# its rows (the page's complaints and the category, register entry and clock of each, in
# their order), the caller's way of seeing (public or `complaints:read`), the format, the
# language and the desa's name and zone, so a strong ETag is a hash of those, with the rows
# counted by their versions (`_VERSION`). Any change that can alter a listed row changes the
# page's version, so the ETag and the body's cache key change with it.
#
# Working the version out is an index scan of the page and three joins for each of its
# 1 000 rows: most of a 304's time. So the ETag last worked out for a way of asking is
# remembered in the shared cache (`_known_key`) with the desa's change stamp of that moment: a
# random token that every write able to change a listed row replaces once it commits
# (`listing_changed`, connected in `integrations.apps`: a new complaint, a move, a note, a
# category, the desa itself, a calendar change). While the stamp is the same the
# remembered ETag is the current one, and a 304 or an answer from the cache asks
# PostgreSQL nothing about the rows. A remembered ETag is asked again after
# `RECHECK_SECONDS` all the same (a write that goes round the hooks, say a bulk update, is
# seen that late at worst), when the oldest listed request ages out of the 90 days, and is
# never remembered when it was read from a replica, which may not hold the write yet.
CACHE_SECONDS = 300  # only bounds Redis's memory: a changed list has a new key at once
RECHECK_SECONDS = 60
STAMP_SECONDS = 3600  # a lost stamp only makes the next answer ask again
CACHE_PREFIX = "open311:requests:"
_KNOWN_PREFIX = "open311:known:"
_STAMP_PREFIX = "open311:stamp:"
_EVERY_DESA = "all"  # a national calendar change moves deadlines in every desa
# Raise when the presenter's output changes shape, so no ETag of the old shape matches.
SHAPE = "1"


def _version_statement(page_sql: str) -> str:
    category = Category._meta.db_table
    entry, clock = RegisterEntry._meta.db_table, ComplaintSla._meta.db_table
    return f"""
        WITH page AS ({page_sql})
        SELECT {_VERSION}, min(c.submitted_at)
        FROM page c
        LEFT JOIN {category} cat ON cat.id = c.category_id
        LEFT JOIN {entry} re ON re.complaint_id = c.id
        LEFT JOIN {clock} sla ON sla.complaint_id = c.id
    """  # noqa: S608


def _version(*, desa: Region, query: selectors.Open311Query) -> tuple[str, datetime | None]:
    """The version of the rows `GET requests` would list now, and the oldest one's
    submission. One statement: the page's own index scan and the three rows joined to each."""
    connection = read_connection()
    page = _page(desa, query, ("id", "submitted_at", "category_id"))
    page_sql, page_params = page.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(_version_statement(page_sql), page_params)
        version, oldest = cursor.fetchone()
        return version, oldest


def requests_etag(*, desa: Region, version: str, full: bool, fmt: str) -> str:
    seen = [version, "full" if full else "public", fmt, translation.get_language() or "",
            desa.name, desa.timezone, SHAPE]  # fmt: skip
    return '"' + hashlib.blake2b("\n".join(seen).encode(), digest_size=16).hexdigest() + '"'


@dataclass(frozen=True)
class Answer:
    body: bytes | None  # None: the caller's copy is current (304)
    etag: str | None  # None on SQLite, which has no row versions


def requests_answer(
    *,
    desa: Region,
    query: selectors.Open311Query,
    full: bool,
    fmt: str,
    if_none_match: str = "",
    fresh: bool = False,
) -> Answer:
    """`GET requests.{json,xml}`: nothing when `if_none_match` names the current ETag, the
    shared cache's copy when it has one (unless `fresh`: the caller sent `Cache-Control:
    no-cache`), otherwise the body built now — by PostgreSQL for JSON — and cached."""
    if read_connection().vendor != "postgresql":
        return Answer(_python_body(desa=desa, query=query, full=full, fmt=fmt), None)
    known_key = _known_key(desa=desa, query=query, full=full, fmt=fmt)
    desa_stamp_key, every_stamp_key = _stamp_key(desa.pk), _stamp_key(_EVERY_DESA)
    found = cache.get_many([known_key, desa_stamp_key, every_stamp_key])
    stamps = (found.get(desa_stamp_key), found.get(every_stamp_key))
    etag = None
    # Remembered as (desa's stamp, every desa's stamp, ETag, until: seconds since the epoch);
    # a plain tuple, so that no deploy can find a cached class it cannot unpickle.
    known = found.get(known_key)
    if not fresh and isinstance(known, tuple) and len(known) == 4:
        desa_stamp, every_stamp, remembered, until = known
        if (desa_stamp, every_stamp) == stamps and time.time() < until:
            etag = remembered

    built = None
    window = query
    if not query.ids and query.end is None:  # the version and the body read the same window
        window = replace(query, end=current_time())
    if etag is None:
        # Read before the rows: a write committed after this replaces the stamp, so what is
        # remembered below can only be older than the stamp it is remembered with.
        stamps = (_stamp(desa_stamp_key, stamps[0]), _stamp(every_stamp_key, stamps[1]))
        replica = read_alias() != DEFAULT_DB_ALIAS
        if fmt == "json" and (fresh or not if_none_match):  # the body and its version at once
            built = _built(desa=desa, query=window, full=full)
            version, oldest = built.version, built.oldest
        else:  # a poll, most often of an unchanged list: the version alone
            version, oldest = _version(desa=desa, query=window)
        etag = requests_etag(desa=desa, version=version, full=full, fmt=fmt)
        if None not in stamps and not replica:
            until = time.time() + RECHECK_SECONDS
            if window is not query and oldest is not None:  # the window moves with the clock
                until = min(until, (oldest + selectors.OPEN311_WINDOW).timestamp())
            cache.set(known_key, (*stamps, etag, until), RECHECK_SECONDS)

    if _matches(if_none_match, etag):
        return Answer(None, etag)
    body = built.body if built else None
    if body is None and not fresh:
        body = _bodies.get(etag) or cache.get(CACHE_PREFIX + etag)
        if body is not None:
            _bodies.put(etag, body)
            return Answer(body, etag)
    if body is None:
        if fmt == "json":
            body = _built(desa=desa, query=window, full=full).body
        else:
            body = _python_body(desa=desa, query=window, full=full, fmt=fmt)
    cache.set(CACHE_PREFIX + etag, body, CACHE_SECONDS)
    _bodies.put(etag, body)
    return Answer(body, etag)


class _Bodies:
    """The last bodies this process answered, by ETag, up to `limit` bytes. An ETag names
    one body for good, so a copy here is never stale; it spares the busiest answer its
    biggest cost after the network, fetching ~0.5 MB from Redis."""

    def __init__(self, limit: int):
        self.limit, self.size = limit, 0
        self.entries: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, etag: str) -> bytes | None:
        with self.lock:
            body = self.entries.get(etag)
            if body is not None:
                self.entries.move_to_end(etag)
            return body

    def put(self, etag: str, body: bytes) -> None:
        if len(body) > self.limit:
            return
        with self.lock:
            if etag in self.entries:
                return
            self.entries[etag] = body
            self.size += len(body)
            while self.size > self.limit:
                self.size -= len(self.entries.popitem(last=False)[1])


_bodies = _Bodies(limit=8 * 1024 * 1024)


def listing_changed(desa_id: int | None) -> None:
    """Forget the remembered ETags of a desa's lists (of every desa's, given None) once the
    current transaction commits; at once outside one."""
    key = _stamp_key(_EVERY_DESA if desa_id is None else desa_id)
    transaction.on_commit(lambda: _stamp_replace(key), robust=True)


def listing_on_complaint(*, complaint, **_) -> None:
    """At the complaints' hooks: a new complaint, a move (with its register number and
    clock), a note."""
    listing_changed(complaint.desa_id)


def listing_on_save(sender, instance, **_) -> None:
    """After a save or a delete of a category (its name), a region (a desa's name and zone)
    or a calendar change (deadlines moved; a national one moves every desa's)."""
    listing_changed(instance.pk if isinstance(instance, Region) else instance.desa_id)


def _stamp_replace(key: str) -> None:
    cache.set(key, secrets.token_hex(8), STAMP_SECONDS)


def _stamp(key: str, found: str | None) -> str | None:
    """The stamp read, or a new one when there was none (so that the next change differs
    from it); None while the shared cache is unreachable."""
    if found is not None:
        return found
    cache.add(key, secrets.token_hex(8), STAMP_SECONDS)
    return cache.get(key)


def _stamp_key(desa: int | str) -> str:
    return f"{_STAMP_PREFIX}{desa}"


def _known_key(*, desa: Region, query: selectors.Open311Query, full: bool, fmt: str) -> str:
    asked = [repr(query), "full" if full else "public", fmt, translation.get_language() or "",
             desa.name, desa.timezone, SHAPE]  # fmt: skip
    digest = hashlib.blake2b("\n".join(asked).encode(), digest_size=16).hexdigest()
    return f"{_KNOWN_PREFIX}{desa.pk}:{digest}"


def _python_body(*, desa: Region, query: selectors.Open311Query, full: bool, fmt: str) -> bytes:
    rows = selectors.open311_requests(desa=desa, query=query)
    body = presenters.service_requests(rows, desa=desa, full=full)
    return respond(fmt, "service_requests", body).content


def _matches(if_none_match: str, etag: str) -> bool:
    """If-None-Match compares weakly (RFC 9110 § 13.1.2): W/"x" names "x" too."""
    if if_none_match.strip() == "*":
        return True
    return etag in {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
