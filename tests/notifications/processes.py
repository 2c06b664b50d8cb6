"""Real processes for the fault tests: a Redis of the test's own, the web server, beat.

The shared Redis (6379) serves every engineer's runs, so an outage is played on a Redis this
module starts on a free port, and stopped by its own process handle.
"""

import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.process import BACKEND, VENV_BIN, Output, free_port


def wait_for(condition, *, timeout: float, what: str, output: Output | None = None) -> float:
    """Poll `condition` until true; returns the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}\n{output.text[-4000:] if output else ''}")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def redis_server(port: int):
    """`redis-server` on `port`, without persistence, for the block."""
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    output = Output(process)

    def answers() -> bool:
        ping = ["redis-cli", "-p", str(port), "ping"]
        return subprocess.run(ping, capture_output=True, text=True).stdout.strip() == "PONG"

    try:
        wait_for(answers, timeout=15, what=f"redis on {port}", output=output)
        yield
    finally:
        _stop(process)


@contextmanager
def web_server(env: dict[str, str]):
    """The production web process (gunicorn, as the Procfile runs it); yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--timeout", "60"],
        cwd=BACKEND, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    output = Output(process)
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"the web server died\n{output.text[-4000:]}")
        try:
            with urllib.request.urlopen(f"{base}/api/v1/health/", timeout=5) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    try:
        wait_for(up, timeout=60, what="the web server", output=output)
        yield base, output
    finally:
        _stop(process)


@contextmanager
def celery_beat(env: dict[str, str], schedule: Path):
    process = subprocess.Popen(
        [str(VENV_BIN / "celery"), "-A", "config", "beat", "--loglevel", "INFO",
         "--schedule", str(schedule)],
        cwd=BACKEND, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    output = Output(process)
    try:
        yield output
    finally:
        _stop(process)


@contextmanager
def killable_worker(env: dict[str, str], queue: str):
    """A real worker (solo pool: the task runs in this very process); yields the process, so
    that a test can SIGKILL it, and its output."""
    process = subprocess.Popen(
        [str(VENV_BIN / "celery"), "-A", "config", "worker", "--pool", "solo", "-Q", queue,
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
        cwd=BACKEND, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    output = Output(process)
    try:
        yield process, output
    finally:
        if process.poll() is None:
            _stop(process)
