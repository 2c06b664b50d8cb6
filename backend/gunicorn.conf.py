"""gunicorn settings every web process shares (`make run`, compose): gunicorn reads this file
from its working directory, `backend/`. Per-deployment choices (bind, workers, timeouts)
stay on the command lines.
"""

# The request line (method, path and query string) may be this long; gunicorn answers a
# longer one itself with an HTML 414 page, before Django could answer in JSON. gunicorn's
# default, 4094, is below what a long filtered list URL can reach; 8190 is gunicorn's
# largest value and matches nginx's default header buffer (8 KB), so the compose stack and
# `make run` refuse at the same length.
limit_request_line = 8190


def on_starting(server):
    """The multiprocess directory must start empty: files of a previous run would be added
    to this one's figures."""
    import os
    from pathlib import Path

    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for stale in Path(folder).glob("*.db"):
            stale.unlink()


def child_exit(server, worker):
    """With PROMETHEUS_MULTIPROC_DIR each worker keeps its metrics in files there; a worker
    that exits (max-requests, a crash) is forgotten, or its live gauges would linger."""
    import os

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
