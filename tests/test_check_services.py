import subprocess
import sys

from tests.process import REPO, environment, free_port


def run_check(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "scripts/check_services.py"],
        cwd=REPO,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_passes_when_postgres_and_redis_answer():
    r = run_check()

    assert r.returncode == 0, r.stderr


def test_check_names_the_unreachable_url_in_one_sentence():
    dead = f"redis://127.0.0.1:{free_port()}/0"

    r = run_check(REDIS_URL=dead)

    assert r.returncode == 1
    assert f"Redis is not reachable at {dead}" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_check_reports_a_dead_postgres():
    dead = f"postgres://postgres@127.0.0.1:{free_port()}/pengaduan"

    r = run_check(DATABASE_URL=dead)

    assert r.returncode == 1
    assert "PostgreSQL is not reachable at" in r.stderr
