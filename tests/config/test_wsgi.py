"""What a gunicorn worker has done once it imported `config.wsgi`, before any request."""

import subprocess
import sys

from tests.process import BACKEND, environment

PROBE = """
import gc, sys
import config.wsgi
print(gc.get_freeze_count(), "complaints.api.views" in sys.modules)
"""


def test_the_views_are_loaded_and_frozen_out_of_the_garbage_collector(tmp_path):
    probe = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=BACKEND,
        env=environment(DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    frozen, views_loaded = probe.stdout.split()
    assert views_loaded == "True"  # the URLconf was imported before the freeze
    assert int(frozen) > 50_000  # the loaded project, not a handful of objects
