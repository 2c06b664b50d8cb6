"""Schemathesis fuzzes every operation of `openapi.yaml` against the app, in process, as each
role: whatever it sends, the answer must be one the contract documents (status, content type,
headers, body), never a 5xx, valid requests accepted and invalid ones refused.

Seeded and derandomized: the same requests every run. `FUZZ_EXAMPLES` bounds the examples per
operation; each example goes to the next caller in turn. About 5 800 requests, some 70 seconds
on two cores; CONTRIBUTING.md (The contract fuzzer) says how to run it deeper.
"""

import logging
import os
import re
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework_simplejwt.tokens import RefreshToken

from complaints.services import ReporterData
from tests.complaints.factories import submit
from tests.contract import SCHEMA
from tests.integrations.factories import application

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
COVERAGE = os.environ.get("FUZZ_COVERAGE", "1") == "1"

# Operations where a request the schema calls valid may still be refused with 400 by a rule
# no JSON schema can state (it depends on stored rows, the clock or another field); each
# answers 400 with `fields` naming the rule. Everywhere else a valid request must pass. The
# slips' `Idempotency-Key` once used stays bound to its first body: 422 for another one.
RULES_BEYOND_THE_SCHEMA = {
    # First: an operation takes the first entry whose path matches.
    ("POST", "/api/v1/desa/{code}/suggestion-box/openings/{opening_id}/slips/"): "its category",
    ("POST", "/api/v1/client/webhooks/"): "the URL's host must resolve to a public address",
    ("POST", "/api/v1/complaints/{code}/attachments/"): "real image/PDF bytes; 10 per complaint",
    ("POST", "/api/v1/complaints/{code}/identity-grants/"): "the grantee is staff of the desa",
    ("POST", "/api/v1/complaints/{code}/receipt/{paper}/"): "the PIN given at the walk-in",
    ("POST", "/api/v1/complaints/{code}/transitions/"): "fields each action needs",
    ("POST", "/api/v1/desa/{code}/days-off/"): "today or later",
    ("GET", "/api/v1/desa/{code}/register/"): "`month` needs `year`",
    ("POST", "/api/v1/desa/{code}/register/export/{file_format}/"): "`month` needs `year`",
    ("POST", "/api/v1/desa/{code}/suggestion-box/openings/"): "openers are the box team",
    ("PATCH", "/api/v1/desa/{code}/suggestion-box/openings/{opening_id}/"): "a reason with it",
    ("POST", "/api/v1/desa/{code}/suggestion-box/openings/{opening_id}/photo/"): "an image",
    ("PUT", "/api/v1/desa/{code}/routing/"): "a category name must hold a letter or digit",
    ("GET", "/api/v1/reports/desa/{code}/"): "`period=month` needs `month`",
    ("GET", "/api/v1/reports/desa/{code}/file/{file_format}/"): "`period=month` needs `month`",
    ("GET", "/api/v1/reports/kecamatan/{code}/"): "`period=month` needs `month`",
    ("GET", "/api/v1/reports/kecamatan/{code}/file/{file_format}/"): "`period=month` needs `month`",
    ("GET", "/api/v1/reports/kabupaten/{code}/"): "`period=month` needs `month`",
}
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429"]


def refused(path: str) -> list[str]:
    return [*ACCEPTED, "400", *(["422"] if path.endswith("/slips/") else [])]


CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "seed": 20261207,
        "generation": {
            "mode": "all",
            "deterministic": True,
            "max-examples": EXAMPLES,
            "no-shrink": True,
            # No examples replayed from earlier runs (.hypothesis/): each run sends the same.
            "database": "none",
        },
        # Values are not copied from responses into later requests: a reporter's name read
        # from one answer would otherwise travel into a URL, and from there into the logs.
        # The coverage phase (every boundary, every field left out or of a wrong type) sends
        # most of the requests; FUZZ_COVERAGE=0 leaves it out for a quicker loop.
        "phases": {
            "examples": {"extra-data-sources": {"responses": False}},
            "fuzzing": {"extra-data-sources": {"responses": False}},
            "coverage": {"enabled": COVERAGE, "extra-data-sources": {"responses": False}},
            "stateful": {"enabled": False},
        },
        "checks": {"enabled": True, "positive_data_acceptance": {"expected-statuses": ACCEPTED}},
        "operations": [
            {
                "include-method": method,
                "include-path-regex": f"^{re.escape(path)}$",
                "checks": {"positive_data_acceptance": {"expected-statuses": refused(path)}},
            }
            for method, path in RULES_BEYOND_THE_SCHEMA
        ],
    }
)
schema = schemathesis.openapi.from_path(SCHEMA, config=CONFIG)

REQUESTS: Counter[str] = Counter()
_django = get_wsgi_application()


def counted(environ, start_response):
    REQUESTS["all"] += 1
    return _django(environ, start_response)


schema.app = counted


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: the end of a request must not close the connection that
    holds the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_request_log():
    """Hypothesis mixes string constants of the project's own modules into what it generates,
    the test reporter's name among them (tests/complaints/factories.py), and the request log
    writes each URL: a name the fuzzer typed into a path is not one the server gave away. The
    other loggers stay screened by tests/conftest.py."""
    logger = logging.getLogger("pengaduan.request")
    level = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(level)


@pytest.fixture
def callers(desa_a, desa_b, warga, operator_desa_a, kades_desa_a, operator_desa_b):
    """Who calls, with the real values the positive cases use for `{code}` paths."""
    # Schemathesis copies values it has seen in answers into later URLs, and the request log
    # writes URLs: this reporter is not the one the suites watch the logs for (conftest.py).
    reporter = ReporterData(
        name="Rina Marlina", nik="3207104101950002", phone="0813-2222-3333", address="Sukamaju"
    )
    complaint = submit(desa_a, actor=warga, reporter=reporter).complaint
    _client, key = application(desa_a)

    def bearer(user):
        return {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}

    return {
        "who": {
            "anonymous": {},
            "intake officer": bearer(operator_desa_a),
            "village head": bearer(kades_desa_a),
            "resident": bearer(warga),
            "another desa's officer": bearer(operator_desa_b),
            "application": {"Authorization": f"Bearer {key}"},
        },
        "complaint": complaint.tracking_code,
        "desa": desa_a.code,
    }


def real_path(case, callers) -> None:
    """Point a valid case at rows that exist, so it reaches past the 404."""
    params = case.path_parameters or {}
    if "code" not in params or case.meta is None or not case.meta.generation.mode.is_positive:
        return
    path = case.operation.path
    if "/complaints/{code}" in path:
        params["code"] = callers["complaint"]
    elif "/desa/{code}" in path or "/regions/{code}" in path:
        params["code"] = callers["desa"]


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_as_the_contract_says(case, callers):
    # Each example is sent by the next caller in turn: every role meets every operation,
    # at a sixth of the requests of sending each example six times.
    who = list(callers["who"].values())
    headers = who[callers.setdefault("turn", 0) % len(who)]
    callers["turn"] += 1
    real_path(case, callers)
    case.call_and_validate(headers=headers)


@pytest.fixture(scope="module", autouse=True)
def _report_the_request_count():
    yield
    print(f"\nschemathesis: {REQUESTS['all']} requests")
