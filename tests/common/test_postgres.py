"""Timestamps read from PostgreSQL by `common.postgres`'s loader, next to Django's own; the
session settings every connection asks for."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg.pq import Format

TIMESTAMPTZ = 1184


class DjangosLoader(BaseTzLoader):
    timezone = UTC


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 23, 8, 15, 2, 123456, tzinfo=UTC),
        datetime(2026, 11, 23, 8, 15, 2, 500000, tzinfo=UTC),  # PostgreSQL writes ".5"
        datetime(2026, 1, 1, tzinfo=UTC),  # no fraction written at all
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    ],
)
def test_a_stored_moment_reads_back_the_same_in_djangos_zone(db, moment):
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz", [moment])
        read = cursor.fetchone()[0]

    assert read == moment
    assert read.tzinfo is connection.timezone  # the object Django's own loader sets
    assert connection.connection.adapters.get_loader(TIMESTAMPTZ, Format.TEXT).__name__ == (
        "UtcTextLoader"
    )


@pytest.mark.parametrize(
    "text",
    [
        b"2026-11-23 08:15:02.123456+00",
        b"2026-11-23 08:15:02+00",
        b"2026-11-23 15:15:02.123456+07",  # a session in another zone: Django's path
    ],
)
def test_the_loader_reads_text_as_djangos_loader_does(db, text):
    connection.ensure_connection()
    ours = connection.connection.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)

    read = ours(TIMESTAMPTZ, connection.connection).load(text)

    assert read == DjangosLoader(TIMESTAMPTZ, connection.connection).load(text)
    assert read.tzinfo is UTC


@pytest.mark.django_db
def test_every_connection_asks_for_no_jit_compiling():
    # The server's default is on (PostgreSQL's own); settings.DATABASE_JIT_OFF turns it off.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SELECT boot_val FROM pg_settings WHERE name = 'jit'")
        assert cursor.fetchone()[0] == "on"
