"""Helpers for tests that run the real processes: Celery workers, `make serve`."""

import json
import os
import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.db import connection

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"
VENV_BIN = REPO / ".venv" / "bin"


def database_url_for_subprocess() -> str:
    """The URL of the database pytest-django created, for processes the test starts."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def http_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[ThreadingHTTPServer]:
    """`handler` served on a free loopback port, in a thread, until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # shutdown() waits for the loop's next look at its flag: the default half second
    # was a third of the fast suite's idle time.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class Output:
    """Collects a process's combined output in a background thread."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.lines.append(line)

    @property
    def text(self) -> str:
        return "".join(self.lines)


@contextmanager
def celery_worker(env: dict[str, str], queue: str = "celery"):
    """A real `celery worker` process for the duration of the block."""
    process = subprocess.Popen(
        [
            str(VENV_BIN / "celery"),
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ],
        cwd=BACKEND,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = Output(process)
    try:
        yield output
    finally:
        # Signal the main process only: signalling the whole group has hung here.
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def environment(**overrides: str | None) -> dict[str, str]:
    """os.environ with overrides; None removes a variable."""
    env = dict(os.environ)
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def processes_with_env(name: str, value: str) -> list[int]:
    """PIDs whose environment holds name=value: every process a test started with its own
    DATA_DIR, whatever session or process group it moved to (honcho detaches its children)."""
    needle = f"{name}={value}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if needle in environ:
            found.append(int(entry.name))
    return found


def kill_processes_with_env(name: str, value: str) -> None:
    for pid in processes_with_env(name, value):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def run_on_sqlite(script: Path, *args: str, data: Path) -> dict:
    """Run a test script (a child process: the suite itself runs on PostgreSQL) against a
    fresh SQLite file in `data`, as `make run` does without DATABASE_URL; the JSON object
    it prints last."""
    completed = subprocess.run(
        [str(VENV_BIN / "python"), str(script), *args],
        cwd=BACKEND,
        env=environment(
            DATABASE_URL=f"sqlite:///{data / 'db.sqlite3'}",
            DATA_DIR=str(data),
            REDIS_URL=None,
            DJANGO_SETTINGS_MODULE="config.settings",
            LOG_LEVEL="WARNING",
        ),
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])
