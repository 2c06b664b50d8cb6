"""Schemathesis fuzzes every operation of `openapi.yaml` against the app, in process, as each
role: whatever it sends, the answer must be one the contract documents (status, content type,
headers, body), never a 5xx, valid requests accepted and invalid ones refused.

Seeded and derandomized: the same requests every run. `FUZZ_EXAMPLES` bounds the examples per
operation; each example goes to the next caller in turn. `FUZZ_SCENARIOS` × `FUZZ_STEPS` bound
the stateful test, which follows the schema's links; their values reach URLs, so a link
carries codes and ids only (tests/test_contract.py). CONTRIBUTING.md says how to run deeper.

Counted by `REQUESTS` (printed at the end), FUZZ_EXAMPLES=10. Before the links (issue #25):
6 622 requests, 0 findings. After: 6 622 + 568 stateful, 0 findings, but only with 400
allowed for valid input everywhere. Without that allowance: 6 504 requests (a failing
operation stops early), 8 findings, each a schema-valid request answered 400:

- POST api-clients/, and the same through a link: an unknown region (stored rows);
- POST complaints/: an `Idempotency-Key` the schema did not bound;
- GET complaints/{code}/duplicate-primary/: an unknown code (stored rows);
- PATCH complaints/{code}/forwarding/: `{}`, as the schema's PATCH body had nothing required;
- POST and PATCH desa/{code}/canned-answers/: a category the desa lacks (stored rows), an
  unknown field the PATCH body's schema allowed;
- PUT me/notification-preferences/: the digest of a caller who is no village head (role).

Behind them (an operation stops at its first finding), three more: a link into GET
complaints/ with a `cursor` the server never gave, and POST complaints/ answering 422 to a
reused key and 400 to an unknown desa (stored rows).

After: the schema says what the server does (PATCH bodies whole, the key's pattern, `month`
needs `year` in the export's body; the two application bodies, api-clients and webhooks,
refuse unknown fields as the others do), rules of stored rows and roles
are named in RULES_BEYOND_THE_SCHEMA, and 422 is allowed where a key is taken: 6 854 + 516
stateful = 7 370 requests, 0 findings. 222 s for the file alone, 2 cores, load average 11.

Deeper (FUZZ_EXAMPLES=40 FUZZ_COVERAGE=0, 4 846 requests) it found the auth rules listed
above and strings blank once DRF trims them (" ", U+0085), which the schema now refuses
(`common.api.strict_inputs_hook`). It still finds 3, not yet fixed: NUL deep in the
WhatsApp body (free-form in the schema), and on two lists a negative case (unknown query
parameters, no Authorization) that the caller's headers turn valid again.
With the blank strings refused: 6 856 + 606 stateful = 7 462 requests, 0 findings.
"""

import logging
import os
import uuid
from collections import Counter

import hypothesis
import pytest
import schemathesis
import yaml
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize
from rest_framework_simplejwt.tokens import RefreshToken

from complaints.services import ReporterData
from sla.selectors import forget_display_calendars
from tests.complaints.factories import submit
from tests.contract import SCHEMA
from tests.integrations.factories import application

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
SCENARIOS = int(os.environ.get("FUZZ_SCENARIOS", "60"))
STEPS = int(os.environ.get("FUZZ_STEPS", "8"))
COVERAGE = os.environ.get("FUZZ_COVERAGE", "1") == "1"

# Operations where a request the schema calls valid may still be refused with 400 by a rule
# no schema can state, each answering 400 with `fields` naming the rule: it depends on stored
# rows, the caller's role, the clock, the bytes of a file or DNS, or it ties one query
# parameter to another, which OpenAPI's parameters cannot say (a rule between two fields of
# a body is in the schema: `StrictIn.dependent_required`). Everywhere else a valid request
# must pass. An `Idempotency-Key` once used stays bound to its first body: 422 for another.
# OpenAPI ties no query parameter to another: each is its own parameter with its own schema.
# (One exploded object parameter could carry an `if`/`then`, at the price of reshaping the
# generated clients' query.)
_PERIOD = (
    "`period=month` needs `month`, `quarter` needs `quarter`, `range` needs `start` and `end`, "
    "in order and at most five years apart (query parameters tied to each other)"
)
_PHONE = "the phone is a valid Indonesian number (libphonenumber's number ranges)"
_SMS_CODE = "the code is the one sent by SMS to that phone, still valid (stored rows)"
_PASSWORD = "Django's password validators (not like the name, not a common password)"
RULES_BEYOND_THE_SCHEMA = {
    ("POST", "/api/v1/auth/signup/"): f"{_PHONE}; {_PASSWORD}",
    ("POST", "/api/v1/auth/signup/verify/"): _SMS_CODE,
    ("POST", "/api/v1/auth/password-reset/"): _PHONE,
    ("POST", "/api/v1/auth/password-reset/confirm/"): f"{_SMS_CODE}; {_PASSWORD}",
    ("POST", "/api/v1/api-clients/"): (
        "the region is a desa, kecamatan or kabupaten that exists (stored rows)"
    ),
    ("POST", "/api/v1/complaints/"): (
        "the desa exists and has the category (stored rows); a channel other than web only "
        "from the desa's staff (the caller's role); and a reporter unless anonymous, a post "
        "only from social media, which an `if`/`then` on the body could state but does not yet"
    ),
    ("GET", "/api/v1/complaints/"): (
        "`cursor` is a page link the server gave, for the same `sort` (an opaque token)"
    ),
    ("GET", "/api/v1/complaints/{code}/duplicate-primary/"): (
        "the code names a complaint of the same desa (stored rows)"
    ),
    (
        "POST",
        "/api/v1/desa/{code}/canned-answers/",
    ): "the category is one of the desa's (stored rows)",
    ("PATCH", "/api/v1/desa/{code}/canned-answers/{id}/"): (
        "the category is one of the desa's (stored rows)"
    ),
    ("PUT", "/api/v1/me/notification-preferences/"): (
        "the daily digest, and its kind of notice, only for a village head (the caller's role)"
    ),
    ("POST", "/api/v1/desa/{code}/suggestion-box/openings/{opening_id}/slips/"): (
        "the category is one of the desa's (stored rows)"
    ),
    ("POST", "/api/v1/client/webhooks/"): "the URL's host resolves to a public address (DNS)",
    ("POST", "/api/v1/complaints/{code}/attachments/"): (
        "the bytes are a real image or PDF; at most 10 per complaint (stored rows)"
    ),
    ("POST", "/api/v1/complaints/{code}/identity-grants/"): (
        "the grantee is staff of the complaint's desa (stored rows)"
    ),
    ("POST", "/api/v1/complaints/{code}/receipt/{paper}/"): "the PIN given at the walk-in",
    ("POST", "/api/v1/complaints/{code}/transitions/"): (
        "the assignee is staff of the desa, `duplicate_of` an open complaint of it, the "
        "answer given or drafted, a new priority unlike the current one, `published_to` for "
        "a social-media complaint, `forwarded_on` between the receipt and today (stored rows, "
        "the clock); `identity_consent` with `share_identity` (two fields). Each action's "
        "own fields are the schema's `oneOf` over `action`"
    ),
    ("POST", "/api/v1/desa/{code}/days-off/"): (
        "today or later, and not already a day off, a weekend or a holiday"
    ),
    ("GET", "/api/v1/desa/{code}/register/"): (
        "`month` needs `year` (query parameters tied to each other)"
    ),
    ("POST", "/api/v1/desa/{code}/suggestion-box/openings/"): (
        "the openers are the desa's box team (stored rows); opened not in the future"
    ),
    ("PATCH", "/api/v1/desa/{code}/suggestion-box/openings/{opening_id}/"): (
        "a number other than the one recorded (stored row)"
    ),
    ("POST", "/api/v1/desa/{code}/suggestion-box/openings/{opening_id}/photo/"): (
        "the bytes are an image"
    ),
    ("PUT", "/api/v1/desa/{code}/emblem/"): "the bytes are a PNG, JPEG or WebP image",
    ("PUT", "/api/v1/desa/{code}/routing/"): (
        "each category once, by its slug or the slug its name makes (a derived value)"
    ),
    ("GET", "/api/v1/reports/desa/{code}/"): _PERIOD,
    ("GET", "/api/v1/reports/desa/{code}/file/{file_format}/"): _PERIOD,
    ("GET", "/api/v1/reports/kecamatan/{code}/"): _PERIOD,
    ("GET", "/api/v1/reports/kecamatan/{code}/file/{file_format}/"): _PERIOD,
    ("GET", "/api/v1/reports/kabupaten/{code}/"): _PERIOD,
}
SPEC = yaml.safe_load(SCHEMA.read_text())
assert {(method, path) for method, path in RULES_BEYOND_THE_SCHEMA} <= {
    (method.upper(), path) for path, operations in SPEC["paths"].items() for method in operations
}, "a rule names an operation openapi.yaml no longer has"


def answers_to_valid_input(method: str, path: str) -> list[str]:
    """What a request the schema calls valid may get: a code openapi.yaml documents for this
    operation (401 anonymous, 403 another role, 404 another desa, 409 a refused move, 429 a
    throttle, …); 422 only where an `Idempotency-Key` is taken; 400 only where a rule above
    allows it. Any answer's code must be documented besides (`status_code_conformance`)."""
    operation = SPEC["paths"][path][method.lower()]
    allowed = [code for code in operation["responses"] if code not in ("400", "422")]
    if (method, path) in RULES_BEYOND_THE_SCHEMA:
        allowed.append("400")
    if any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", [])):
        allowed.append("422")
    return allowed


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
        # Values travel from an answer into a later request only along the declared links
        # (the stateful test), never drawn from answers at large: a reporter's name read from
        # one answer would otherwise travel into a URL, and from there into the logs.
        # The coverage phase (every boundary, every field left out or of a wrong type) sends
        # most of the requests; FUZZ_COVERAGE=0 leaves it out for a quicker loop.
        "phases": {
            "examples": {"extra-data-sources": {"responses": False}},
            "fuzzing": {"extra-data-sources": {"responses": False}},
            "coverage": {"enabled": COVERAGE, "extra-data-sources": {"responses": False}},
            # Only the links openapi.yaml declares: no link inferred from field names. Valid
            # requests only: the phases above send the invalid ones, and a chain needs answers.
            "stateful": {
                "enabled": True,
                "inference": {"algorithms": []},
                "generation": {"mode": "positive"},
            },
        },
        "checks": {"enabled": True},
        "operations": [
            {
                # One filter: two would match an operation meeting either (method or path).
                "include-name": f"{method.upper()} {path}",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": answers_to_valid_input(method.upper(), path)
                    }
                },
            }
            for path, operations in SPEC["paths"].items()
            for method in operations
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


@pytest.fixture(autouse=True, scope="module")
def _not_under_xdist():
    """Schemathesis gives every operation's case the same node id and pytest-xdist runs one
    item per node id: under `-n` one operation of ~110 would run and the rest pass unseen.
    `make test` runs this file in a pytest of its own (`-p no:xdist`)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.fail("Run the contract fuzzer without xdist: pytest -p no:xdist tests/contract_fuzz")


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


def test_linked_operations_answer_as_the_contract_says(callers, settings):
    """The stateful phase: scenarios that follow the contract's links (submit → detail, track,
    transitions, attachments; create → read, update, delete), each scenario by one caller,
    so what a caller created it can read, and what it deleted is gone."""
    sent = REQUESTS["all"]

    class Scenarios(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self):
            # Every scenario starts from the same rows and with empty throttle counters: the
            # same choices then give the same answers, as Hypothesis requires of a replay.
            self.savepoint = transaction.savepoint()
            fresh = f"test-{uuid.uuid4().hex}"
            settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": fresh}}
            forget_display_calendars()
            self.headers = {}

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)
            super().teardown()

        @initialize(caller=st.sampled_from(sorted(callers["who"])))
        def as_one_caller(self, caller):
            self.headers = callers["who"][caller]

        def step(self, input):
            if input.transition is None:  # a scenario's first call: real rows to start from
                real_path(input.case, callers)
            return super().step(input)

        def get_call_kwargs(self, case):
            return {"headers": self.headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            # With the headers sent, as `call_and_validate` gives them: the checks then know
            # the Authorization header was the caller's, not one generated from the schema.
            case.validate_response(
                response,
                additional_checks=additional_checks,
                headers=self.headers,
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    Scenarios.run(
        settings=hypothesis.settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS,
            phases=[Phase.generate],
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    print(f"\nschemathesis stateful: {REQUESTS['all'] - sent} requests")


@pytest.fixture(scope="module", autouse=True)
def _report_the_request_count():
    yield
    print(f"\nschemathesis: {REQUESTS['all']} requests")
