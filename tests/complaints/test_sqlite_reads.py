"""The hand-written reads on the embedded SQLite default (`make run` without a database):
tests/complaints/sqlite_reads.py runs them in a child process against a fresh file."""

from datetime import datetime

from tests.process import REPO, run_on_sqlite


def test_hand_written_reads_work_on_sqlite(tmp_path):
    result = run_on_sqlite(REPO / "tests" / "complaints" / "sqlite_reads.py", data=tmp_path)

    assert result["vendor"] == "sqlite"
    assert result["me"] == [200, ["intake_officer"]]
    # [same rows as the ORM, how many (a page of 3 reads 4), typed as on PostgreSQL],
    # for the officer and then the handler
    assert result["agree"] == [
        [True, 4, True], [True, 1, True], [True, 1, True], [True, 4, True],
        [True, 1, True], [True, 0, True], [True, 1, True], [True, 1, True],
    ]  # fmt: skip
    # Every order (`selectors.SORTS`) on SQLite: [both pages as the ORM's, rows read (7 in
    # all: 4 then 4), the pages share no row].
    assert result["sorted"] == [[True, 8, True]] * 20
    assert result["pages"] == [3, 3] and result["distinct"] == 6
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
