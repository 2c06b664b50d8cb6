"""The hand-written reads on the embedded SQLite default (`make run` without a database):
tests/complaints/sqlite_reads.py runs them in a child process against a fresh file."""

from datetime import datetime

from tests.process import REPO, run_on_sqlite


def test_hand_written_reads_work_on_sqlite(tmp_path):
    result = run_on_sqlite(REPO / "tests" / "complaints" / "sqlite_reads.py", data=tmp_path)

    assert result["vendor"] == "sqlite"
    assert result["me"] == [200, ["intake_officer"]]
    for read in result["inbox"]:
        assert read["same_rows_as_the_orm"], read
        assert read["anonymous_is_a_bool"], read  # typed as on PostgreSQL, not 0/1
    # Seven complaints: the one followed up by the handler, a suggestion about a posyandu and
    # five more, all sent today. A page of 3 reads 4 rows (the 4th says a next page exists).
    assert {(read["who"], read["filters"]): read["rows"] for read in result["inbox"]} == {
        ("petugas", "everything"): 4,
        ("petugas", "search POSYANDU"): 1,
        ("petugas", "in progress"): 1,
        ("petugas", "since yesterday"): 4,
        # The handler sees only what is assigned to them: the complaint they follow up.
        ("pejabat", "everything"): 1,
        ("pejabat", "search POSYANDU"): 0,
        ("pejabat", "in progress"): 1,
        ("pejabat", "since yesterday"): 1,
    }
    # Every order (`complaints.reads.inbox.SORTS`) on SQLite: both pages of 3 as the ORM
    # twin's, 8 rows read (4 then 4: the 4th of a page says a next page exists), and the
    # pages share no row.
    assert len(result["sorted"]) == 20
    for text, read in result["sorted"].items():
        assert read == {
            "both_pages_as_the_orm": True, "rows_read": 8, "pages_share_no_row": True,
        }, text  # fmt: skip
    assert result["pages"] == [3, 3] and result["distinct"] == 6
    # The complaint's page and its history, by hand and by the ORM twins: the same for
    # the officer and the handler, over the moves and the note of the followed complaint.
    assert result["page_as_the_orm"] == {"petugas": True, "pejabat": True}
    assert result["history_as_the_orm"] is True and result["history_entries"] >= 5
    # Moves and the note, oldest first, each with its time zone (SQLite keeps naive text).
    moments = [datetime.fromisoformat(at.replace("Z", "+00:00")) for _, at in result["timeline"]]
    assert [kind for kind, _ in result["timeline"]].count("note") == 1
    assert len(moments) >= 5 and all(m.tzinfo is not None for m in moments)
    assert moments == sorted(moments)
    assert result["status"] == "in_progress"
    assert [(token, size) for token, size, _ in result["attachments"]] == [
        ("foto-1", 7), ("foto-2", 7)
    ]  # fmt: skip
    assert all(datetime.fromisoformat(at).tzinfo for _, _, at in result["attachments"])
