"""Container healthcheck for `web`: exit 0 when GET /api/v1/health/ answers 200.

Django rejects a Host outside DJANGO_ALLOWED_HOSTS with 400, so the probe presents the
first allowed name instead of 127.0.0.1. The health URL is exempt from the HTTPS redirect.
"""

import os
import sys
import urllib.request

hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
host = next((h.lstrip(".") for h in hosts if h != "*"), "localhost")
request = urllib.request.Request("http://127.0.0.1:8000/api/v1/health/", headers={"Host": host})
try:
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - fixed http URL
        sys.exit(0 if response.status == 200 else 1)
except Exception as exc:  # any failure means unhealthy
    print(f"unhealthy: {exc}", file=sys.stderr)
    sys.exit(1)
