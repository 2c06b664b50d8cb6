"""The hash chain: verification finds the first entry that was altered behind the book.

The book of five entries is made once for the module: a test that alters it (with the
append-only trigger disabled for a moment) does so inside its own savepoint, which rolls
the change and the ALTER TABLE back at its end."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from register.models import RegisterEntry
from register.selectors import register_chain_verify
from tests.conftest import make_desa_a, make_operator_desa_a
from tests.register.factories import received

pytestmark = pytest.mark.django_db


def build_module():
    """Desa A with five entries in its book, made once for the module."""
    desa_a = make_desa_a()
    with override_settings(LANGUAGE_CODE="en"):  # as tests/register/conftest.py sets it
        received(desa_a, make_operator_desa_a(desa_a), count=5)
    return desa_a


@pytest.fixture
def book(built):
    return built


def tamper(sql: str, params: list) -> None:
    """Change the table with its append-only trigger disabled, as a database owner could."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending checks
        cursor.execute(
            "ALTER TABLE register_registerentry DISABLE TRIGGER register_registerentry_append_only"
        )
        cursor.execute(sql, params)
        cursor.execute(
            "ALTER TABLE register_registerentry ENABLE TRIGGER register_registerentry_append_only"
        )


def test_an_untouched_book_verifies(book):
    (report,) = register_chain_verify(desa=book)

    assert report.ok
    assert report.entries == 5


def test_each_entry_links_to_the_previous_one(book):
    entries = list(RegisterEntry.objects.filter(desa=book).order_by("number"))

    assert entries[0].prev_hash == "0" * 64
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]


def test_an_altered_summary_is_found_at_its_entry(book):
    tamper(
        "UPDATE register_registerentry SET summary = 'Jalan rusak' "
        "WHERE desa_id = %s AND number = 3",
        [book.pk],
    )

    (report,) = register_chain_verify(desa=book)

    assert not report.ok
    assert report.broken.number == 3
    assert "changed" in report.broken.reason


def test_a_removed_entry_is_found_as_the_missing_number(book):
    tamper("DELETE FROM register_registerentry WHERE desa_id = %s AND number = 2", [book.pk])

    (report,) = register_chain_verify(desa=book)

    assert report.broken.number == 2
    assert "missing" in report.broken.reason


def test_a_removed_last_entry_is_found_from_the_counter(book):
    tamper("DELETE FROM register_registerentry WHERE desa_id = %s AND number = 5", [book.pk])

    (report,) = register_chain_verify(desa=book)

    assert report.broken.number == 5


def test_the_command_reports_the_first_broken_link_and_fails(book):
    out = StringIO()
    call_command("register_verify", stdout=out)
    assert f"{book.code} " in out.getvalue() and "OK, 5 entries" in out.getvalue()

    tamper(
        "UPDATE register_registerentry SET anonymous = NOT anonymous "
        "WHERE desa_id = %s AND number = 4",
        [book.pk],
    )
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("register_verify", "--desa", book.code, stdout=out)

    assert "BROKEN at number 4" in out.getvalue()
