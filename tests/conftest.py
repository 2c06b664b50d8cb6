"""Shared fixtures: the regions and the personas every suite uses (docs/style.md, Tests).

Desa A (Jagabaya) and A2 (Nagarajati) lie in kecamatan X (Panawangan, Kab. Ciamis);
desa B (Klero) lies in kecamatan Y (Tengaran, Kab. Semarang).
"""

import copy
import inspect
import logging
import os
import uuid
from typing import ClassVar

import pytest
import redis
from django.db import connections, transaction
from django.test import TransactionTestCase, override_settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import Position, Role
from tests.accounts.factories import MembershipFactory, UserFactory, user_with
from tests.contract import ContractClient
from tests.regions.factories import desa


def _a_cache_of_its_own() -> dict:
    """The product's Redis cache under a key prefix nobody else uses."""
    return {
        "default": {
            "BACKEND": "common.cache.ResilientRedisCache",  # the product's own, as in settings
            "LOCATION": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "TIMEOUT": 600,
            "OPTIONS": {"pool_class": _PoolOfTheProcess},
        }
    }


class _PoolOfTheProcess(redis.ConnectionPool):
    """Each test's cache is a new backend, which would open new connections to Redis; the
    process keeps one pool per server and options instead, as a long-lived one does."""

    _pools: ClassVar[dict] = {}

    @classmethod
    def from_url(cls, url: str, **options) -> redis.ConnectionPool:
        key = (url, repr(sorted(options.items())))
        if key not in cls._pools:
            cls._pools[key] = redis.ConnectionPool.from_url(url, **options)
        return cls._pools[key]


@pytest.fixture(scope="session", autouse=True)
def _settings_of_the_run():
    """Fast password hashes; pages render without a collectstatic manifest (the serve test
    covers the real one). Once for the run, not for each test: each change of a setting
    signals every receiver and drops what depends on it."""
    from django.conf import settings

    overrides = {
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    }
    with override_settings(**overrides):
        yield


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test gets its own key prefix in Redis (throttle counters start at zero), so
    parallel workers and parallel runs never see each other's keys and nothing is flushed."""
    settings.CACHES = _a_cache_of_its_own()
    from sla.selectors import forget_display_calendars

    forget_display_calendars()  # the per-process memo in front of the cache, likewise


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(settings, tmp_path_factory):
    """Files a test writes (the demo's emblem, attachments) land in a folder of its own,
    never in the checkout's data/; a test that sets MEDIA_ROOT itself still wins."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def built_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """`built_once(build)` runs `build()` once for the module and returns what it returned,
    as Django's `setUpTestData` does for a TestCase class: a transaction stays open around
    the module's tests, each test runs in a savepoint inside it (its own writes rolled back
    as usual), and the module's rows go when it ends. Use it in a module-scoped fixture and
    hand each test a `copy.deepcopy` of the objects, so that one test's changes to them in
    memory never reach the next. Not for `transaction=True` tests (they empty the tables)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()

    def build_once(build):
        from sla.selectors import forget_display_calendars

        media = tmp_path_factory.mktemp("media")
        with django_db_blocker.unblock():
            with override_settings(CACHES=_a_cache_of_its_own(), MEDIA_ROOT=media):
                forget_display_calendars()
                return build()

    try:
        yield build_once
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# Identities the suites give their test reporters (tests/complaints/factories.py and the
# API bodies). However a test fails, none may ever reach a log line.
# The WhatsApp and e-mail intake (tests/intake) writes as the same reporter, and from this address.
TEST_IDENTITIES = [
    "Siti Rahmawati",
    "3207105505900001",
    "81234567890",
    "Dusun Cikupa",
    "budi@example.id",
]


class _EveryLogLine(logging.Handler):
    def __init__(self):
        super().__init__()
        self.leaks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = (
                record.getMessage()
                + " "
                + " ".join(str(value) for key, value in vars(record).items() if key not in _PLAIN)
            )
        except Exception:  # a broken record must not hide a leak elsewhere
            return
        self.leaks.extend(secret for secret in TEST_IDENTITIES if secret in line)


_PLAIN = set(vars(logging.LogRecord("", 0, "", 0, "", (), None)))


@pytest.fixture(scope="session", autouse=True)
def _no_identity_in_logs_during_the_whole_suite():
    """Every log record of the run is screened for the test reporters' identity."""
    handler = _EveryLogLine()
    root = logging.getLogger()
    root.addHandler(handler)  # at the configured level (INFO), as production logs
    yield
    root.removeHandler(handler)
    assert handler.leaks == [], f"reporter identity reached the logs: {sorted(set(handler.leaks))}"


# --- regions ---------------------------------------------------------------------
# Each fixture's rows are made by a plain function beside it, which a module that builds its
# rows once (`built_once`) calls too: the personas stay defined here only.
def make_desa_a():
    return desa("32.07.10.2010", "Jagabaya", "JGB")


def make_desa_a2():
    return desa("32.07.10.2004", "Nagarajati", "NGR")


def make_desa_b():
    return desa("33.22.02.2006", "Klero", "KLR")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The personas' regions are committed once for the run, as a TestCase's fixtures are:
    a test's `desa_a` then costs one query where it cost five. A test that commits
    (`transaction=True`) empties the tables at its end; the tests after it in that process
    make the regions they ask for again, inside their own transaction."""
    with django_db_blocker.unblock():
        make_desa_a()
        make_desa_a2()
        make_desa_b()


@pytest.fixture
def desa_a(db):
    return make_desa_a()


@pytest.fixture
def desa_a2(db):
    return make_desa_a2()


@pytest.fixture
def desa_b(db):
    return make_desa_b()


@pytest.fixture
def kecamatan_x(desa_a):
    return desa_a.parent


@pytest.fixture
def kecamatan_y(desa_b):
    return desa_b.parent


# --- personas ----------------------------------------------------------------------
def make_warga(desa_a):
    return user_with(Role.RESIDENT, desa_a, username="+6281200001234", phone="+6281200001234")


def make_operator_desa_a(desa_a):
    return user_with(Role.INTAKE_OFFICER, desa_a, username="petugas.a")


def make_operator_desa_b(desa_b):
    return user_with(Role.INTAKE_OFFICER, desa_b, username="petugas.b")


def make_pejabat_desa_a(desa_a):
    user = UserFactory(username="pejabat.a")
    MembershipFactory(
        user=user, role=Role.HANDLER, region=desa_a, position=Position.KASI_PEMERINTAHAN
    )
    return user


def make_kades_desa_a(desa_a):
    return user_with(Role.VILLAGE_HEAD, desa_a, username="kades.a")


def make_camat_x(kecamatan_x):
    return user_with(Role.KECAMATAN_OPERATOR, kecamatan_x, username="operator.x")


def make_admin_kabupaten():
    return user_with(Role.ADMIN, None, username="admin.kab", is_staff=True, is_superuser=True)


def _camat_x():
    make_desa_a2()  # kecamatan X holds A and A2, as the `camat_x` fixture has it
    return make_camat_x(make_desa_a().parent)


_PERSONA_MAKERS = {
    "warga": lambda: make_warga(make_desa_a()),
    "operator_desa_a": lambda: make_operator_desa_a(make_desa_a()),
    "operator_desa_b": lambda: make_operator_desa_b(make_desa_b()),
    "pejabat_desa_a": lambda: make_pejabat_desa_a(make_desa_a()),
    "kades_desa_a": lambda: make_kades_desa_a(make_desa_a()),
    "camat_x": _camat_x,
    "admin_kabupaten": make_admin_kabupaten,
}


# Everyone around one complaint of desa A, and desa B's officer, who must see nothing of it.
AROUND_A_COMPLAINT = (
    "warga",
    "operator_desa_a",
    "operator_desa_b",
    "pejabat_desa_a",
    "kades_desa_a",
    "camat_x",
)


def make_personas(*names: str) -> dict:
    """The personas named, made as their fixtures below make them, by name: for a module's
    `build_module`."""
    return {name: _PERSONA_MAKERS[name]() for name in names}


@pytest.fixture
def warga(desa_a):
    """A resident of desa A: sees only their own complaints."""
    return make_warga(desa_a)


@pytest.fixture
def operator_desa_a(desa_a):
    """Intake officer of desa A: everything in A, identities included; nothing elsewhere."""
    return make_operator_desa_a(desa_a)


@pytest.fixture
def operator_desa_b(desa_b):
    """Intake officer of desa B (another kecamatan): nothing of A."""
    return make_operator_desa_b(desa_b)


@pytest.fixture
def pejabat_desa_a(desa_a):
    """Handler (Kasi Pemerintahan) of desa A: what is assigned to them."""
    return make_pejabat_desa_a(desa_a)


@pytest.fixture
def kades_desa_a(desa_a):
    """Village head of desa A: oversight of everything in A."""
    return make_kades_desa_a(desa_a)


@pytest.fixture
def camat_x(kecamatan_x, desa_a2):
    """Kecamatan operator of X: aggregates of A and A2, never identities; nothing of Y."""
    return make_camat_x(kecamatan_x)


@pytest.fixture
def camat_y(kecamatan_y):
    """Kecamatan operator of Y (Tengaran)."""
    return user_with(Role.KECAMATAN_OPERATOR, kecamatan_y, username="operator.y")


@pytest.fixture
def admin_kabupaten(db):
    """Admin: configuration everywhere (regions, users, memberships)."""
    return make_admin_kabupaten()


# --- clients -----------------------------------------------------------------------
@pytest.fixture
def api():
    """`api(user)` → an APIClient carrying a real JWT for `user` (anonymous without one),
    whose every response is checked against `openapi.yaml` (tests/contract.py)."""

    def client_for(user=None, language: str | None = None) -> APIClient:
        client = ContractClient()
        if user is not None:
            # What a login's refresh token hands out, without storing the refresh token.
            token = AccessToken.for_user(user)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        if language:
            client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return client_for


# Modules whose tests start processes (a Celery worker, beat, gunicorn, `make run`, SQLite in
# threads) or load the whole demo: `make test-fast` leaves them out. A single slow test elsewhere
# carries `@pytest.mark.slow` itself.
SLOW_MODULES = {
    "tests/demo/test_seed_demo.py",
    "tests/demo/test_complaints.py",
    "tests/complaints/test_sqlite_reads.py",
    "tests/config/test_gunicorn.py",  # gunicorn
    "tests/config/test_settings.py",  # manage.py in a child process, per test
    "tests/config/test_wsgi.py",  # a child process
    "tests/deploy/test_compose.py",  # docker-compose and nginx
    "tests/reports/test_sqlite.py",  # migrate and a report on SQLite, in a child process
    "tests/storage/test_settings.py",  # settings in a child process, per test
    "tests/notifications/test_broker_outage.py",
    "tests/notifications/test_worker_killed.py",
    "tests/register/test_concurrency.py",
    "tests/register/test_sqlite.py",
    "tests/sla/test_worker_and_beat.py",
    "tests/tasks/test_celery.py",
    "tests/test_contract.py",
    "tests/test_make_run.py",
}


def pytest_collection_modifyitems(config, items):
    """Every browser test is `e2e`, wherever it is written; the modules above are `slow`."""
    root = config.rootpath
    for item in items:
        module = item.path.relative_to(root).as_posix()
        if module.startswith("tests/e2e/"):
            item.add_marker(pytest.mark.e2e)
        if module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


# --- emptying the tables after a test that commits ------------------------------------
# Django's TransactionTestCase empties every table with `flush`: one TRUNCATE of all of
# them, then post_migrate to make the content types and permissions again — 0.5 to 1 s a
# test on PostgreSQL, a tenth of the fast set's time. Most tables are empty or nearly so,
# and DELETE of a few rows costs far less than TRUNCATE's new files; the content types and
# permissions are kept (flush made the same rows again). The register book refuses DELETE
# (its append-only triggers), so its two tables are truncated as before.
APPEND_ONLY = ("register_registerannotation", "register_registerentry")
KEPT = ("django_content_type", "auth_permission")


def _emptied(self):
    if self.serialized_rollback or self.available_apps is not None:
        return _django_flush(self)
    if any(connections[a].vendor != "postgresql" for a in self._databases_names(False)):
        return _django_flush(self)
    for alias in self._databases_names(include_mirrors=False):
        _empty_tables(connections[alias])


def _empty_tables(connection) -> None:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    deleted = [table for table in tables if table not in APPEND_ONLY + KEPT]
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # every foreign key is deferrable
        cursor.execute(f"TRUNCATE {', '.join(quote(table) for table in APPEND_ONLY)}")
        for table in deleted:
            cursor.execute(f"DELETE FROM {quote(table)}")


_django_flush = TransactionTestCase._fixture_teardown
TransactionTestCase._fixture_teardown = _emptied


# --- rows a module builds once --------------------------------------------------------
@pytest.fixture(scope="module")
def built_for_module(request, built_once):
    """What the module's `build_module()` returned, made once for the module (`built_once`):
    for tests that each call as the same people against the same rows, and roll back what
    they write. The module's `build_module` docstring says what it builds and why it may be
    shared."""
    return built_once(request.module.build_module)


@pytest.fixture
def built(built_for_module, db):
    """This test's own deep copy of the module's rows: its changes to them in memory never
    reach the next test."""
    return copy.deepcopy(built_for_module)


def handed_out(*names: str, source: str = "built") -> tuple:
    """Fixtures named `names`, each the item of that name in the fixture `source` (by default
    this test's copy of the module's rows), for a module to override the personas with:
    `warga, operator_desa_a = handed_out("warga", "operator_desa_a")`."""

    def fixture_for(name: str):
        def item(**fixtures):
            return fixtures[source][name]

        # Named in the signature, so pytest sets `source` (and the module's rows) up first.
        item.__signature__ = inspect.Signature(
            [inspect.Parameter(source, inspect.Parameter.KEYWORD_ONLY)]
        )
        return pytest.fixture(name=name)(item)

    return tuple(fixture_for(name) for name in names)
