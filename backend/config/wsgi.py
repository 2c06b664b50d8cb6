import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Import the URLconf and every view now rather than on the first request, so the first
# request a worker serves is not the slow one.
get_resolver().url_patterns  # noqa: B018 - the import is the point
