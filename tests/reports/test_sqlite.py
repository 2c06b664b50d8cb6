"""The rollup and the reports on the embedded SQLite default: tests/reports/sqlite_rollup.py
runs in a child process against a fresh file."""

from tests.process import REPO, run_on_sqlite


def test_the_rollup_and_a_report_work_on_sqlite(tmp_path):
    result = run_on_sqlite(REPO / "tests" / "reports" / "sqlite_rollup.py", data=tmp_path)

    assert result["agree"] is True
    assert result["summary_agrees"] is True
    assert result["years_agree"] is True
    assert result["cells"] > 5
    assert result["report"] == [200, "< 5"]  # three received, shown as "< 5"
    assert result["public"] == 200
