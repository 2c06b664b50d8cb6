"""`make run`'s serve step, for real: SQLite and the embedded broker in a temporary folder,
gunicorn + Celery worker + beat under honcho, and Ctrl-C stopping all of them."""

import os
import re
import signal
import subprocess
import time
import urllib.request

import pytest

from tests.process import (
    REPO,
    Output,
    environment,
    free_port,
    kill_processes_with_env,
    processes_with_env,
)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def wait_for(predicate, timeout: float, what: str, output: Output) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}; output:\n{output.text[-4000:]}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = environment(
        DATA_DIR=str(tmp_path / "data"),
        WEB_PORT=str(port),
        DATABASE_URL=None,
        REDIS_URL=None,
        DJANGO_SECRET_KEY=None,
        DJANGO_SECRET_KEY_FILE=None,
        DJANGO_HTTPS=None,
        DJANGO_ALLOWED_HOSTS=None,
        MAKEFLAGS=None,
        MAKELEVEL=None,
    )
    process = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=REPO,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = Output(process)
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return fetch(f"{base}/api/v1/health/")[0] == 200
        except OSError:
            return process.poll() is not None  # died: stop waiting, the assert will say

    wait_for(up, 180, "the web server", output)
    assert process.poll() is None, output.text
    yield base, process, output, tmp_path
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    kill_processes_with_env("DATA_DIR", str(tmp_path / "data"))  # honcho's detached children


def test_serve_answers_the_app_the_schema_and_local_docs(served):
    base, _process, _output, _data = served

    app_status, app_html = fetch(f"{base}/")
    schema_status, schema = fetch(f"{base}/api/schema/")
    docs_status, docs_html = fetch(f"{base}/api/docs/")

    assert app_status == 200 and "<div id=" in app_html
    assert schema_status == 200 and "openapi:" in schema
    assert docs_status == 200
    # No request leaves the machine: every asset the docs page names is served here.
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", docs_html)
    assert references, docs_html
    for ref in references:
        assert not re.match(r"^(https?:)?//", ref), f"external reference {ref}"
        assert fetch(base + ref)[0] == 200, ref
    assert "cdn" not in docs_html.lower()


def test_serve_runs_worker_and_beat_on_the_embedded_defaults_and_prints_logins(served):
    _base, _process, output, data = served

    wait_for(lambda: "ready." in output.text, 60, "the Celery worker", output)
    wait_for(lambda: "beat: Starting" in output.text, 60, "Celery beat", output)

    assert "petugas.jagabaya" in output.text and "operator.tengaran" in output.text
    assert (data / "data" / "db.sqlite3").exists()
    assert (data / "data" / "celery" / "queue").is_dir()
    assert "filesystem://" in output.text  # the worker announced the embedded broker


# Last in this module: it stops the server the module shares.
def test_ctrl_c_stops_web_worker_and_beat(served):
    base, process, output, data = served
    wait_for(lambda: "ready." in output.text, 60, "the Celery worker", output)

    os.killpg(process.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    process.wait(timeout=60)

    with pytest.raises(OSError):
        fetch(f"{base}/api/v1/health/")
    deadline = time.monotonic() + 30  # gunicorn and the worker finish their shutdown
    while processes_with_env("DATA_DIR", str(data / "data")) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert processes_with_env("DATA_DIR", str(data / "data")) == []
