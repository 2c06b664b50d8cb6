"""The register on the embedded SQLite default: concurrent receives wait instead of failing
with "database is locked", numbers stay 1..n, and the book cannot be rewritten.

The suite runs on PostgreSQL, so tests/register/sqlite_receives.py runs in a child process
against a fresh SQLite file (migrate, seed, receive from threads, try to rewrite).
"""

import pytest

from tests.process import REPO, run_on_sqlite

THREADS = 8
PER_THREAD = 10


@pytest.fixture(scope="module")
def sqlite_run(tmp_path_factory) -> dict:
    data = tmp_path_factory.mktemp("sqlite-register")
    script = REPO / "tests" / "register" / "sqlite_receives.py"
    return run_on_sqlite(script, str(THREADS), str(PER_THREAD), data=data)


def test_concurrent_receives_on_sqlite_wait_and_number_one_to_n(sqlite_run):
    assert sqlite_run["vendor"] == "sqlite"
    assert sqlite_run["transaction_mode"] == "IMMEDIATE"
    assert sqlite_run["errors"] == []  # no "database is locked", no other failure
    assert sqlite_run["numbers"] == list(range(1, THREADS * PER_THREAD + 1))
    assert sqlite_run["chain_ok"]


@pytest.mark.parametrize(
    "attempt",
    [
        "entry_save",
        "entry_update",
        "entry_delete",
        "entry_raw_update",
        "entry_raw_delete",
        "annotation_update",
        "annotation_raw_update",
        "annotation_raw_delete",
    ],
)
def test_sqlite_triggers_refuse_rewriting_the_book(sqlite_run, attempt):
    assert "append-only" in sqlite_run["rewrites"][attempt]


def test_the_refused_rewrites_left_the_book_as_it_was(sqlite_run):
    assert sqlite_run["rewrites"]["entry_summary_after"] == "Gorong-gorong tersumbat"
    assert sqlite_run["rewrites"]["annotations_after"] == 1
    assert sqlite_run["rewrites"]["entries_after"] == 2
