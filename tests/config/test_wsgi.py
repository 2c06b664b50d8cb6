"""What a gunicorn worker has done once it imported `config.wsgi`, before any request."""

import subprocess
import sys

from tests.process import BACKEND, environment

PROBE = """
import sys
import config.wsgi
print("complaints.api.views" in sys.modules, "complaints.reads.page" in sys.modules)
"""


def test_the_views_are_loaded_before_the_first_request(tmp_path):
    probe = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=BACKEND,
        env=environment(DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    # The first request a worker serves is not the one that imports the project.
    assert probe.stdout.split() == ["True", "True"]
