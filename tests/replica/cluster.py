"""A real PostgreSQL primary and streaming standby on loopback, made by the test.

The machine's own PostgreSQL has no replication entry in pg_hba, so the test builds its
own pair: `initdb` (as the `postgres` OS user: PostgreSQL refuses to run as root) into a
temporary directory, a primary with `wal_level=replica` and trust authentication
(replication included) on a free port, `pg_basebackup -R` into a second directory, and
the standby on another port. Both are stopped (`pg_ctl stop -m fast`) and removed at the
end.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.process import free_port

BIN = Path("/usr/lib/postgresql/15/bin")


@dataclass
class Cluster:
    primary_port: int
    replica_port: int

    def url(self, port: int, database: str = "pengaduan") -> str:
        return f"postgres://postgres@127.0.0.1:{port}/{database}"

    @property
    def primary_url(self) -> str:
        return self.url(self.primary_port)

    @property
    def replica_url(self) -> str:
        return self.url(self.replica_port)


def _as_postgres(*command: str, check: bool = True) -> subprocess.CompletedProcess:
    completed = subprocess.run(
        ["runuser", "-u", "postgres", "--", *command], capture_output=True, text=True, timeout=120
    )
    if check and completed.returncode != 0:
        raise AssertionError(f"{command[0]} failed:\n{completed.stdout}\n{completed.stderr}")
    return completed


def _psql(port: int, sql: str, database: str = "postgres") -> str:
    completed = _as_postgres(
        str(BIN / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", database,
        "-At", "-c", sql, check=False,
    )  # fmt: skip
    return completed.stdout.strip() if completed.returncode == 0 else ""


def _wait(condition, what: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    tail = log.read_text()[-3000:] if log.exists() else ""
    raise AssertionError(f"timed out waiting for {what}\n{tail}")


@contextmanager
def streaming_pair() -> Iterator[Cluster]:
    owner = pwd.getpwnam("postgres")
    base = Path(tempfile.mkdtemp(prefix="pd-replica-"))
    os.chown(base, owner.pw_uid, owner.pw_gid)
    primary, replica = base / "primary", base / "replica"
    cluster = Cluster(primary_port=free_port(), replica_port=free_port())
    started: list[Path] = []
    try:
        _as_postgres(
            str(BIN / "initdb"), "-D", str(primary), "-U", "postgres", "-A", "trust", "--no-sync"
        )
        with (primary / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {cluster.primary_port}\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{base}'\n"
                "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n"
                # Throwaway data: no need to wait for the disk.
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )
        with (primary / "pg_hba.conf").open("a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 trust\n")
        _as_postgres(
            str(BIN / "pg_ctl"), "-D", str(primary), "-l", str(base / "primary.log"), "-w",
            "start",
        )  # fmt: skip
        started.append(primary)
        _as_postgres(
            str(BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(cluster.primary_port),
            "-U", "postgres", "-D", str(replica), "-R", "-X", "stream", "--no-sync",
        )  # fmt: skip
        with (replica / "postgresql.auto.conf").open("a") as conf:
            conf.write(f"port = {cluster.replica_port}\n")
        _as_postgres(
            str(BIN / "pg_ctl"), "-D", str(replica), "-l", str(base / "replica.log"), "-w",
            "start",
        )  # fmt: skip
        started.append(replica)
        _wait(
            lambda: _psql(cluster.replica_port, "SELECT pg_is_in_recovery()") == "t",
            "the standby to be in recovery",
            base / "replica.log",
        )
        _as_postgres(
            str(BIN / "createdb"), "-h", "127.0.0.1", "-p", str(cluster.primary_port),
            "-U", "postgres", "pengaduan",
        )  # fmt: skip
        _wait(
            lambda: _psql(cluster.replica_port, "SELECT 1", database="pengaduan") == "1",
            "the new database to reach the standby",
            base / "replica.log",
        )
        yield cluster
    finally:
        for data in reversed(started):
            _as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop", check=False)
        shutil.rmtree(base, ignore_errors=True)
