"""The one settings module. Deploy values come from the environment through `config.env`."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import orjson
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import REPO_DIR, data_dir, env, secret

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = secret("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) is required when DJANGO_DEBUG is off."
        )
    # Debug only: a per-checkout key kept in the data folder, so that every process
    # (web workers, Celery) signs tokens with the same key.
    from django.core.management.utils import get_random_secret_key

    key_file = DATA_DIR / "dev-secret-key"
    if not key_file.exists():
        key_file.write_text(get_random_secret_key())
    SECRET_KEY = key_file.read_text().strip()

# Reporter identity at rest (common.crypto): Fernet keys, newest first, and the HMAC key of
# the look-up hashes. Outside debug both must be set; `make run` keeps generated ones in
# DATA_DIR.
_field_keys = secret("FIELD_ENCRYPTION_KEYS")
_hash_key = secret("IDENTITY_HASH_KEY")
if not (_field_keys and _hash_key):
    if not DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS and IDENTITY_HASH_KEY (or their *_FILE) are required when "
            "DJANGO_DEBUG is off."
        )
    import base64
    import hashlib

    def _derived(purpose: str) -> str:
        digest = hashlib.sha256(f"{purpose}:{SECRET_KEY}".encode()).digest()
        return base64.urlsafe_b64encode(digest).decode()

    _field_keys = _field_keys or _derived("field-encryption")
    _hash_key = _hash_key or _derived("identity-hash")
FIELD_ENCRYPTION_KEYS = [key.strip() for key in _field_keys.split(",") if key.strip()]
IDENTITY_HASH_KEY = _hash_key

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Behind a TLS-terminating proxy in production; `make run` serves plain http on loopback.
HTTPS = env.bool("DJANGO_HTTPS", default=True)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # Probes and Prometheus call the web container directly over http.
    SECURE_REDIRECT_EXEMPT = [r"^api/v1/health/$", r"^api/v1/health/ready/$", r"^metrics$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The SPA's files get the headers nginx gives them in compose (deploy/nginx-security-headers.conf;
# a test keeps the two equal). The SPA loads only its own scripts and talks only to its own
# API, and to the object store when downloads redirect there (set with the storage below);
# inline styles stay allowed for Preact's style props; images may be
# blob:/data: (photo previews before upload, downloaded photos).
SPA_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), geolocation=(self), microphone=(), payment=()",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; "
        "manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "common",
    "regions",
    "accounts",
    "complaints",
    "assignments",
    "sla",
    "notifications",
    "register",
    "axes",
    "reports",
    "integrations",
    "suggestion_box",
    "django_prometheus",
    "intake",
    "canned",
    "demo",  # `seed_demo` and the demo data; the top layer, imported by no app
]

MIDDLEWARE = [
    # First and last: the request's whole time, by view (django-prometheus). No queries.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "common.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.SpaSecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the locale (its message follows Accept-Language), before anything reads input.
    "common.middleware.NulRefusalMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a locked-out admin login into a 429 page (the API answers its own 429).
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: PostgreSQL in production, SQLite under DATA_DIR as the embedded default.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}")}
# An optional streaming replica of the primary. Only the reads named in docs/architecture.md
# (reports, exports, public listings, the kecamatan screens) go there, through
# `common.dbrouting`; everything else, and everything after a request has written, reads the
# primary.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    # Tests run against the primary's test database: no second one is created.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # Writers queue instead of failing with "database is locked": IMMEDIATE takes the
        # write lock at BEGIN, and the timeout lets the web, worker and beat take turns.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        continue
    # Django's PostgreSQL backend, with a health check that polls the socket instead of
    # sending `SELECT 1` before every request (`common.pgbackend`).
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database["ENGINE"] = "common.pgbackend"
    _database["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    _database["CONN_HEALTH_CHECKS"] = True
    # A server that does not answer fails the request (and the readiness probe) in
    # seconds rather than hanging a gunicorn worker until its timeout.
    _database.setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
    # No JIT compiling: it pays off over minutes-long analytical queries, not a request's
    # milliseconds. A report over a kabupaten's 1 000 desa crossed `jit_above_cost` and spent
    # most of its time compiling (bench/README.md § Reports). Sent as a startup option;
    # behind PgBouncer see docs/deploy.md § PostgreSQL settings.
    if env.bool("DATABASE_JIT_OFF", default=True):
        options = _database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    # Prepared statements: the hot reads are the same few statements, and planning a
    # five-table join cost more than running it. Off behind a transaction-mode PgBouncer.
    if env.bool("DATABASE_SERVER_SIDE_BINDING", default=True):
        _database.setdefault("OPTIONS", {}).update(
            server_side_binding=True,
            prepare_threshold=env.int("DATABASE_PREPARE_THRESHOLD", default=2),
        )
DATABASE_ROUTERS = ["common.dbrouting.ReplicaRouter"]
# Query counts and times per alias on /metrics (common/pgbackend); about 5 µs a query.
DATABASE_QUERY_METRICS = env.bool("DATABASE_QUERY_METRICS", default=True)
# Replica lag above this many seconds makes the readiness probe answer 503.
DATABASE_REPLICA_MAX_LAG_SECONDS = env.float("DATABASE_REPLICA_MAX_LAG_SECONDS", default=30.0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis when configured; otherwise embedded stand-ins that need no server.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Misses instead of errors while Redis is down (common/cache.py).
            "BACKEND": "common.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="pd"),
            # Fail fast when Redis is unreachable rather than hold the request.
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
else:
    # File-based, not local-memory: throttling counters must be shared by every
    # gunicorn worker process.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked (login name, address) pair before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UsernameOrPhoneBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time: Bahasa Indonesia first; stored in UTC, shown in the desa's zone.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every start otherwise
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
# Files the service keeps (attachments, queued exports, receipts): the filesystem under
# MEDIA_ROOT by default; S3-compatible object storage (MinIO, Ceph RGW, a cloud's S3) when
# S3_BUCKET is set, which every node of a multi-machine deploy shares (`common/storage.py`).
S3_BUCKET = env.str("S3_BUCKET", default="")
# Life of a presigned download URL: the app checks rights, the browser must follow at once.
S3_URL_EXPIRY_SECONDS = env.int("S3_URL_EXPIRY_SECONDS", default=60)
if S3_BUCKET:
    _s3_endpoint = env.str("S3_ENDPOINT_URL", default="") or None
    _default_storage = {
        "BACKEND": "common.storage.ObjectStorage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": _s3_endpoint,
            # Where browsers reach the store, when not where the app does (nginx, public name).
            "public_endpoint_url": env.str("S3_PUBLIC_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="us-east-1"),
            "access_key": secret("S3_ACCESS_KEY_ID"),
            "secret_key": secret("S3_SECRET_ACCESS_KEY"),
            # MinIO and Ceph RGW answer on one host name (path style); a cloud's S3 prefers
            # virtual-hosted names (bucket.s3.region.amazonaws.com).
            "addressing_style": env.str(
                "S3_ADDRESSING_STYLE", default="path" if _s3_endpoint else "virtual"
            ),
            "signature_version": "s3v4",
            # Private objects: no ACL is sent (the bucket grants nothing public), every URL is
            # signed and expires, and an existing name is never overwritten.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": S3_URL_EXPIRY_SECONDS,
            "file_overwrite": False,
        },
    }
    # A download is a 302 to the store, which the SPA's fetch follows: the page may connect
    # to the address browsers reach it at (the site's own with nginx in front, docs/deploy.md).
    _s3_browser_endpoint = _default_storage["OPTIONS"]["public_endpoint_url"] or _s3_endpoint
    if _s3_browser_endpoint:
        _s3_origin = "{0.scheme}://{0.netloc}".format(urlsplit(_s3_browser_endpoint))
    else:
        _s3_origin = (
            f"https://{S3_BUCKET}.s3.{_default_storage['OPTIONS']['region_name']}.amazonaws.com"
        )
    SPA_SECURITY_HEADERS["Content-Security-Policy"] = SPA_SECURITY_HEADERS[
        "Content-Security-Policy"
    ].replace("connect-src 'self'", f"connect-src 'self' {_s3_origin}")
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# The built SPA (frontend/dist); Django serves it when no web server sits in front.
FRONTEND_DIST = Path(env.str("FRONTEND_DIST", default=str(REPO_DIR / "frontend" / "dist")))
WHITENOISE_ROOT = FRONTEND_DIST if FRONTEND_DIST.is_dir() else None
# Where residents open the app, e.g. https://pengaduan.jagabaya.desa.id: printed under the
# QR code of a desa's poster and on receipts. Empty: the address the request came to (the SPA
# and the API share one origin), right unless a proxy rewrites the host.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="")
# Python's mimetypes does not know the web app manifest; browsers warn without its type.
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}

# --- API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.JWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # orjson: the inbox's 50 rows encode in a tenth of the time of the json module.
    "DEFAULT_RENDERER_CLASSES": ["drf_orjson_renderer.renderers.ORJSONRenderer"],
    # Keys that are not strings (a count per rating, say) become strings, as the json
    # module made them; orjson alone would refuse them with a 500.
    # Datetimes that hand-built responses leave to the renderer end in "Z" for UTC, as
    # DRF's DateTimeField writes them (complaints.reads.presenters._moment).
    "ORJSON_RENDERER_OPTIONS": (orjson.OPT_NON_STR_KEYS, orjson.OPT_UTC_Z),
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "common.api.Pagination",
    "PAGE_SIZE": 25,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_THROTTLE_RATES": {
        # A village office shares one IP behind its router: keep the per-IP rate loose
        # and the per-account rate tight (guessing one account's password).
        # Failed logins are counted apart (accounts/lockout.py): per account they slow down,
        # never lock out, so that a stranger cannot keep an official from logging in.
        "login_ip": env.str("THROTTLE_LOGIN_IP", default="30/minute"),
        "signup_ip": env.str("THROTTLE_SIGNUP_IP", default="10/hour"),
        # Codes sent per phone number: each is a WhatsApp message to someone's phone.
        "reset_ip": env.str("THROTTLE_RESET_IP", default="10/hour"),
        "reset_phone": env.str("THROTTLE_RESET_PHONE", default="3/hour"),
        # Guesses at a code; a request also dies after PASSWORD_RESET_ATTEMPTS wrong ones.
        "reset_confirm_ip": env.str("THROTTLE_RESET_CONFIRM_IP", default="30/hour"),
        # Anonymous submissions per IP; a village office NATs many phones behind one IP.
        # Behind one address (a village office, a carrier's CGNAT) many phones submit: with
        # the app's device token each phone has its own budget and the address a generous
        # one; without it the address's tight one (complaints/throttling.py). The reporter's
        # number has its own, whichever phone or address it comes from.
        "submit_ip": env.str("THROTTLE_SUBMIT_IP", default="60/hour"),
        "submit_ip_devices": env.str("THROTTLE_SUBMIT_IP_DEVICES", default="1000/hour"),
        "submit_device": env.str("THROTTLE_SUBMIT_DEVICE", default="20/hour"),
        "submit_phone": env.str("THROTTLE_SUBMIT_PHONE", default="10/hour"),
        "track_ip": env.str("THROTTLE_TRACK_IP", default="30/minute"),
        "track_ip_devices": env.str("THROTTLE_TRACK_IP_DEVICES", default="600/minute"),
        "track_device": env.str("THROTTLE_TRACK_DEVICE", default="30/minute"),
        # Wrong PINs against one code: 20 an hour makes guessing 1e6 PINs take ~5 years.
        "track_code": env.str("THROTTLE_TRACK_CODE", default="20/hour"),
        # Open311 reads and posts without an api_key, per address (with one, the
        # application's own `rate_per_minute`, shared with /api/v1/client/).
        "open311_ip": env.str("THROTTLE_OPEN311_IP", default="60/minute"),
    },
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0 if not HTTPS else 1),
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=30)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Pengaduan Desa API",
    "DESCRIPTION": (
        "Complaint handling for Indonesian villages (pengaduan masyarakat desa). "
        "Every error has the body `{code, message, fields}`; messages follow "
        "`Accept-Language` (Bahasa Indonesia by default, English with `en`).\n\n"
        # Applications, scopes, webhook events and signature checks (Python and PHP).
        + (BASE_DIR / "integrations" / "api_docs.md").read_text(encoding="utf-8")
    ),
    "VERSION": "1.0.0",
    # 3.1: a nullable nested object is `oneOf: [{$ref}, {type: null}]`, which validators
    # read as intended; 3.0's `allOf` + `nullable` forbids the null it means to allow.
    "OAS_VERSION": "3.1.0",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.api.strict_inputs_hook",
        "common.schema.nullable_as_type_list",
        "common.schema.binary_bodies_without_schema",
        "common.schema.refusals_every_operation_may_give",
        "common.schema.inputs_as_the_server_reads_them",
        "common.schema.links_between_operations",
        "common.schema.refusals_say_what_to_do",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # A PATCH body is its serializer as it stands: the views validate it whole, never with
    # DRF's `partial=True`, and a PATCH serializer leaves optional what may be left out
    # (`CannedAnswerPatchIn`). Split, every field would read as optional.
    "COMPONENT_SPLIT_PATCH": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "accounts.models.Role",
        "PositionEnum": "accounts.models.Position",
        "RegionLevelEnum": "regions.models.Level",
        "ErrorCodeEnum": "common.errors.ERROR_CODES",
        "ComplaintLevelEnum": "complaints.models.Level",
        "StatusEnum": "complaints.state.Status",
        "ChannelEnum": "complaints.models.Channel",
        "SubmitChannelEnum": "complaints.models.SUBMIT_CHANNELS",
        "ActionEnum": "complaints.state.Action",
        "KindEnum": "complaints.models.Kind",
        "NoticeKindEnum": "notifications.models.Kind",
        "ReportPeriodEnum": "reports.api.serializers.PERIODS",
        "ReportDimensionEnum": "reports.selectors.DIMENSIONS",
        "VisibilityEnum": "complaints.models.Visibility",
        "ConveyedEnum": "complaints.models.Conveyed",
        "IntakeChannelEnum": "intake.models.Channel",
        "DraftStateEnum": "intake.models.DraftState",
    },
}

# --- Celery: Redis when REDIS_URL is set, else kombu's filesystem transport (no server).
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if REDIS_URL:
    CELERY_RESULT_BACKEND = REDIS_URL
    # Longer than the longest task, so that Redis does not redeliver a task still running.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    _queue = DATA_DIR / "celery" / "queue"
    _queue.mkdir(parents=True, exist_ok=True)
    (DATA_DIR / "celery" / "results").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "store_processed": False,
        # Fanout/broadcast tables (celery inspect); kombu's default is ./control in the cwd.
        "control_folder": str(DATA_DIR / "celery" / "control"),
    }
    CELERY_RESULT_BACKEND = f"file://{DATA_DIR / 'celery' / 'results'}"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Logs: one JSON object per line on stdout. Identity never goes in: see common.logging.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "common.logging.RedactFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["redact"],
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Request lines come from common.logging; Django's own 4xx lines would repeat them.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
    },
}

# Days a reporter has to object to an answer before it closes by itself (docs/domain.md).
OBJECTION_WINDOW_DAYS = env.int("OBJECTION_WINDOW_DAYS", default=7)
# Reports show a count of 1 to REPORTS_SMALL_CELL - 1 complaints as "< 5" (small-cell
# suppression): in a small village a count of one may point at a person.
REPORTS_SMALL_CELL = env.int("REPORTS_SMALL_CELL", default=5)
# Spam (complaints.spam): a web form sent faster than this (milliseconds from opening it)
# is set aside as spam, like one whose hidden honeypot field was filled; spam is purged
# SPAM_RETENTION_DAYS after it was set aside, so a mistake can still be looked up.
SPAM_MIN_FILL_MS = env.int("SPAM_MIN_FILL_MS", default=3000)
SPAM_RETENTION_DAYS = env.int("SPAM_RETENTION_DAYS", default=90)
# Largest attachment accepted; the phone app shrinks photos well below it.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=5 * 1024 * 1024)

# --- Register book (register/): exports up to this many entries are built in the request;
# larger ones (a busy desa's year) go to a Celery task and are downloaded when ready.
REGISTER_EXPORT_INLINE_MAX_ROWS = env.int("REGISTER_EXPORT_INLINE_MAX_ROWS", default=500)
# Hours a finished export file is kept for download before the purge removes it.
REGISTER_EXPORT_KEEP_HOURS = env.int("REGISTER_EXPORT_KEEP_HOURS", default=24)

# --- SLA timers and notifications
# Seconds between SLA sweeps (reminders, escalations, auto-close) and outbox resend sweeps.
SLA_SWEEP_SECONDS = env.float("SLA_SWEEP_SECONDS", default=60.0)
NOTIFY_RESEND_SECONDS = env.float("NOTIFY_RESEND_SECONDS", default=60.0)
# First retry delay of a transiently failed delivery; doubles per attempt, capped at an hour.
NOTIFY_RETRY_BASE_SECONDS = env.float("NOTIFY_RETRY_BASE_SECONDS", default=30.0)
# A row left `sending` longer than this (its worker died) is sent again; longer than the
# slowest delivery (the transports' timeouts below).
NOTIFY_SENDING_TIMEOUT_SECONDS = env.float("NOTIFY_SENDING_TIMEOUT_SECONDS", default=120.0)
# Email: SMTP when EMAIL_HOST is set; otherwise files under DATA_DIR/mail (no server needed).
EMAIL_HOST = env.str("EMAIL_HOST", default="")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = secret("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Pengaduan Desa <pengaduan@localhost>")
# WhatsApp: a gateway with the Cloud API's /messages shape; unset, WhatsApp messages fail
# (recorded on the outbox row) and email/in-app still work.
WHATSAPP_API_URL = env.str("WHATSAPP_API_URL", default="")
WHATSAPP_TOKEN = secret("WHATSAPP_TOKEN") or ""
WHATSAPP_TIMEOUT = env.float("WHATSAPP_TIMEOUT", default=15.0)
# --- Intake from WhatsApp (Cloud API webhooks) and e-mail (IMAP): intake/, docs/channels.md
# The app secret signs every webhook (X-Hub-Signature-256); the verify token answers Meta's
# subscription check. Without them the webhook refuses everything. `make run` sets demo values.
WHATSAPP_APP_SECRET = secret("WHATSAPP_APP_SECRET") or ""
WHATSAPP_VERIFY_TOKEN = secret("WHATSAPP_VERIFY_TOKEN") or ""
# The Graph API, for fetching media that came with a message (Bearer WHATSAPP_ACCESS_TOKEN).
WHATSAPP_ACCESS_TOKEN = secret("WHATSAPP_ACCESS_TOKEN") or ""
WHATSAPP_GRAPH_URL = env.str("WHATSAPP_GRAPH_URL", default="https://graph.facebook.com/v21.0")
# Messages from one number to one desa less than this many hours apart form one draft.
WHATSAPP_CONVERSATION_WINDOW_HOURS = env.float("WHATSAPP_CONVERSATION_WINDOW_HOURS", default=24)
# Meta's customer-service window: free text only this long after the reporter last wrote;
# later only an approved template message.
WHATSAPP_SERVICE_WINDOW_HOURS = 24
# Approved template messages (name:language:number of body parameters), comma-separated.
WHATSAPP_TEMPLATES = env.list("WHATSAPP_TEMPLATES", default=["pengaduan_tindak_lanjut:id:2"])
# Seconds between polls of the desa mailboxes, and the lock that keeps two polls apart.
IMAP_POLL_SECONDS = env.float("IMAP_POLL_SECONDS", default=120.0)
IMAP_TIMEOUT = env.float("IMAP_TIMEOUT", default=30.0)
IMAP_LOCK_SECONDS = env.int("IMAP_LOCK_SECONDS", default=600)
# Allow mailboxes without TLS (a server on loopback); off in production.
IMAP_ALLOW_PLAIN = env.bool("IMAP_ALLOW_PLAIN", default=False)
# A channel that brought nothing this long is shown as quiet on the head's overview.
CHANNEL_QUIET_HOURS = env.float("CHANNEL_QUIET_HOURS", default=72)

# The queue tasks go to and the worker reads by default; tests running a real worker and
# beat on a shared Redis give theirs a queue of its own.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")

# --- Prometheus metrics at /metrics (common/metrics.py). With a token, only
# `Authorization: Bearer <token>` reads them; without one they are open under DEBUG and
# absent (404) otherwise. Several gunicorn workers: set PROMETHEUS_MULTIPROC_DIR too.
METRICS_TOKEN = secret("METRICS_TOKEN") or ""
# The request histogram's buckets (seconds): village offices' requests, not a CDN's.
PROMETHEUS_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, float("inf"))

DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="pengaduan-demo")

# --- Webhooks (integrations/webhooks.py)
# Deliver to loopback, private and link-local addresses too: off in production (SSRF);
# `make run` turns it on so a receiver on the same machine can be tried.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
# Seconds before each retry (Standard Webhooks' suggestion): 5 s, 5 min, 30 min, 2 h, 5 h,
# 10 h, 10 h — about 27 hours of trying, each attempt with the same webhook-id.
WEBHOOK_RETRY_SCHEDULE = [
    int(seconds)
    for seconds in env.list(
        "WEBHOOK_RETRY_SCHEDULE", default=[5, 300, 1800, 7200, 18000, 36000, 36000]
    )
]
# A URL failing this long is disabled and its application's contact is told.
WEBHOOK_DISABLE_AFTER_DAYS = env.float("WEBHOOK_DISABLE_AFTER_DAYS", default=3.0)

# --- Password reset by a code sent to the account's phone (WhatsApp) or email
PASSWORD_RESET_MINUTES = env.int("PASSWORD_RESET_MINUTES", default=15)
# Wrong codes one request survives; then a new code must be asked for.
PASSWORD_RESET_ATTEMPTS = env.int("PASSWORD_RESET_ATTEMPTS", default=5)
# A resident sign-up whose WhatsApp code never came back is deleted this long after it was
# (last) started (accounts.tasks.purge_unverified_signups), freeing its number.
SIGNUP_UNVERIFIED_RETENTION_HOURS = env.int("SIGNUP_UNVERIFIED_RETENTION_HOURS", default=48)

# --- Failed logins (accounts/lockout.py). django-axes counts per (login name, address).
# In Redis when there is one; the embedded default (a file cache, not atomic) uses the
# database instead.
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if REDIS_URL
    else "axes.handlers.database.AxesDatabaseHandler"
)
AXES_DISABLE_ACCESS_LOG = True  # no table of successful logins with addresses
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURES_PER_ADDRESS", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.lockout.axes_username"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.axes_client_ip"
AXES_CLIENT_STR_CALLABLE = "accounts.lockout.axes_client_str"
AXES_HTTP_RESPONSE_CODE = 429
# Failures from one address for any accounts, per hour: a carrier's CGNAT address or a
# village office holds many people.
LOGIN_FAILURES_PER_IP = env.int("LOGIN_FAILURES_PER_IP", default=200)
# Failures of one account from every address, per hour, before each attempt must wait
# 1, 2, 4… seconds, at most LOGIN_BACKOFF_MAX_SECONDS.
LOGIN_BACKOFF_AFTER = env.int("LOGIN_BACKOFF_AFTER", default=20)
LOGIN_BACKOFF_MAX_SECONDS = env.int("LOGIN_BACKOFF_MAX_SECONDS", default=60)
