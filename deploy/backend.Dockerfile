# syntax=docker/dockerfile:1
# One image for every backend process: web (gunicorn), worker and beat (Celery), migrate.
# Build from the repository root: docker build -f deploy/backend.Dockerfile .
# Bookworm, named: its postgresql-client is 15, the server's major version (see below).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # SQLite, media, the file cache and beat's schedule live here (a volume in compose).
    DATA_DIR=/data \
    # Collected at build time into the image, not the volume, so that a new image never
    # serves the previous release's static files.
    STATIC_ROOT=/app/static \
    DJANGO_SETTINGS_MODULE=config.settings

RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app

# DejaVu Sans: the register book PDF embeds it (Indonesian text, "—", "…").
# postgresql-client: pg_dump and pg_restore for `manage.py backup` / `restore` (Debian 12's
# is 15, the server's major version in docker-compose.yml).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app/backend

# Requirements first: code changes then reuse the installed-packages layer.
COPY backend/requirements/base.txt /tmp/requirements.txt
RUN pip install -r /tmp/requirements.txt

COPY backend/ /app/backend/
COPY deploy/healthcheck.py /app/deploy/healthcheck.py

# Throwaway keys: collectstatic needs settings to load, and no key may be baked in.
RUN DJANGO_SECRET_KEY=collectstatic-only-not-a-secret DATA_DIR=/tmp/build-data \
    FIELD_ENCRYPTION_KEYS=Y29sbGVjdHN0YXRpYy1vbmx5LW5vdC1hLXNlY3JldCE= \
    IDENTITY_HASH_KEY=collectstatic-only-not-a-secret \
    python manage.py collectstatic --noinput \
 && rm -rf /tmp/build-data \
 && mkdir -p /data \
 && chown app:app /data

USER app
VOLUME ["/data"]
EXPOSE 8000

# docker-compose.yml repeats this command, with its knobs, for the `web` service.
# WEB_CONCURRENCY (gunicorn's own variable) sets the number of workers. No access log:
# Django logs every request without its query string (common/logging.py).
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", \
     "--worker-tmp-dir", "/dev/shm", "--timeout", "30", "--graceful-timeout", "25", \
     "--max-requests", "2000", "--max-requests-jitter", "200"]
