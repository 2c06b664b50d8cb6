"""What an application reads with its key: its region only (404 outside), its scopes only
(403 without), and never the reporter's identity.

Matrix: each application (a desa's, a kecamatan's, another kecamatan's, one without the
scope) × each endpoint × a complaint in desa A and one in desa B.

The two received complaints and the matrix's applications are made once for the module
(`built_once`): the tests only read them, or write and are rolled back. Each test that lists
or counts sees exactly those two complaints beside what it makes itself; the query-count test,
written for a desa with its own six complaints only, lives in test_client_api_queries.py.
"""

import json
import logging

import pytest
from django.db import connection

from common.logging import RedactFilter
from tests.complaints.factories import REPORTER, advance, submit
from tests.conftest import make_desa_a, make_desa_b, make_operator_desa_a, make_operator_desa_b
from tests.integrations.factories import application, keyed

IDENTITY = [REPORTER.name, REPORTER.nik, "81234567890", "Dusun Cikupa", REPORTER.email]

APPLICATIONS = {
    "desa_a": ("desa_a", ["complaints:read", "register:read"]),
    "kecamatan_x": ("kecamatan_x", ["complaints:read", "register:read"]),
    "kecamatan_y": ("kecamatan_y", ["complaints:read", "register:read"]),
    "desa_a_no_scope": ("desa_a", ["webhooks:manage"]),
}

# endpoint → {application: (status for desa A's complaint, status for desa B's)}
EXPECTED = {
    "complaint_detail": {
        "desa_a": (200, 404), "kecamatan_x": (200, 404), "kecamatan_y": (404, 200),
        "desa_a_no_scope": (403, 403),
    },
    "register": {
        "desa_a": (200, 404), "kecamatan_x": (200, 404), "kecamatan_y": (404, 200),
        "desa_a_no_scope": (403, 403),
    },
}  # fmt: skip


def build_module() -> dict:
    """A named complaint received in desa A and one in desa B, their intake officers, and
    the raw key of each application of APPLICATIONS. The tests read these complaints through
    applications' keys, or write and are rolled back: they are made once for the module."""
    desa_a, desa_b = make_desa_a(), make_desa_b()
    operator_desa_a, operator_desa_b = make_operator_desa_a(desa_a), make_operator_desa_b(desa_b)
    a = advance(submit(desa_a).complaint, "received", officer=operator_desa_a)
    b = advance(submit(desa_b).complaint, "received", officer=operator_desa_b)
    regions = {"desa_a": desa_a, "kecamatan_x": desa_a.parent, "kecamatan_y": desa_b.parent}
    keys = {
        app: application(regions[region], *scopes)[1]
        for app, (region, scopes) in APPLICATIONS.items()
    }
    return {
        "received": {"A": a, "B": b},
        "operator_desa_a": operator_desa_a,
        "keys": keys,
    }


@pytest.fixture
def received(built):
    """A named complaint received (registered) in desa A, and one in desa B."""
    return built["received"]


@pytest.fixture
def operator_desa_a(built):
    return built["operator_desa_a"]


@pytest.fixture
def application_keys(built):
    """The raw key of each application of APPLICATIONS, by name."""
    return dict(built["keys"])


def call(caller, endpoint, complaint):
    if endpoint == "complaint_detail":
        return caller.get(f"/api/v1/client/complaints/{complaint.tracking_code}/")
    return caller.get(f"/api/v1/client/desa/{complaint.desa.code}/register/")


@pytest.mark.parametrize("app", list(APPLICATIONS))
@pytest.mark.parametrize("endpoint", list(EXPECTED))
def test_each_application_gets_exactly_its_answer(received, application_keys, app, endpoint):
    caller = keyed(application_keys[app])

    answers = tuple(call(caller, endpoint, received[desa]).status_code for desa in "AB")

    assert answers == EXPECTED[endpoint][app]


def test_list_shows_the_region_de_identified(request, received, desa_a, kecamatan_x):
    _, raw = application(kecamatan_x, "complaints:read")

    r = keyed(raw).get("/api/v1/client/complaints/")

    assert r.status_code == 200, r.json()
    rows = r.json()["results"]
    assert [row["tracking_code"] for row in rows] == [received["A"].tracking_code]
    row = rows[0]
    assert row["register_number"].startswith("001/")
    assert row["deadline"] is not None
    assert row["description"] == "Air meluap ke jalan setiap hujan."
    text = r.content.decode()
    assert not [secret for secret in IDENTITY if secret in text]
    assert "reporter" not in json.dumps(list(row))


def test_list_filters_by_desa_status_and_change_time(received, kecamatan_x, desa_a):
    _, raw = application(kecamatan_x, "complaints:read")
    caller = keyed(raw)

    assert caller.get("/api/v1/client/complaints/?status=closed").json()["results"] == []
    assert caller.get(f"/api/v1/client/complaints/?desa={desa_a.code}").json()["count"] == 1
    later = caller.get("/api/v1/client/complaints/?updated_since=2999-01-01T00:00:00Z")
    assert later.json()["count"] == 0
    bad = caller.get("/api/v1/client/complaints/?status=lost")
    assert bad.status_code == 400, bad.json()
    assert set(bad.json()["fields"]) == {"status"}


def test_dismissed_spam_is_not_an_applications_to_read(received, desa_a, operator_desa_a):
    spam = advance(submit(desa_a).complaint, "spam", officer=operator_desa_a)
    _, raw = application(desa_a, "complaints:read")
    caller = keyed(raw)

    listed = caller.get("/api/v1/client/complaints/").json()["results"]
    one = caller.get(f"/api/v1/client/complaints/{spam.tracking_code}/")

    assert [row["tracking_code"] for row in listed] == [received["A"].tracking_code]
    assert one.status_code == 404


def test_list_without_the_scope_is_403(desa_a):
    _, raw = application(desa_a, "register:read")

    r = keyed(raw).get("/api/v1/client/complaints/")

    assert r.status_code == 403, r.json()
    assert r.json()["code"] == "permission_denied"


def test_register_is_de_identified(received, desa_a):
    _, raw = application(desa_a, "register:read")

    r = keyed(raw).get(f"/api/v1/client/desa/{desa_a.code}/register/")

    assert r.status_code == 200, r.json()
    [entry] = r.json()["results"]
    assert entry["tracking_code"] == received["A"].tracking_code
    assert entry["status"] == "received"
    assert not [secret for secret in IDENTITY if secret in r.content.decode()]


def test_people_tokens_are_not_accepted_on_application_endpoints(api, operator_desa_a):
    r = api(operator_desa_a).get("/api/v1/client/complaints/")

    assert r.status_code == 401, r.json()


def test_application_keys_are_not_accepted_on_people_endpoints(received, desa_a):
    _, raw = application(desa_a)
    caller = keyed(raw)

    for path in [
        "/api/v1/complaints/",
        f"/api/v1/complaints/{received['A'].tracking_code}/",
        f"/api/v1/complaints/{received['A'].tracking_code}/reporter/",
        "/api/v1/me/",
    ]:
        assert caller.get(path).status_code == 401, path


def test_a_wrong_key_is_401(desa_a):
    _, raw = application(desa_a)
    forged = raw[:-4] + ("AAAA" if not raw.endswith("AAAA") else "BBBB")

    assert keyed(forged).get("/api/v1/client/me/").status_code == 401
    assert keyed("pdk_short").get("/api/v1/client/me/").status_code == 401


def test_last_use_time_and_address_are_recorded(desa_a):
    client, raw = application(desa_a)

    keyed(raw).get("/api/v1/client/me/", REMOTE_ADDR="203.0.113.7")

    key = client.keys.get()
    assert key.last_used_ip == "203.0.113.7"
    assert key.last_used_at is not None


def test_each_application_is_throttled_on_its_own(desa_a):
    _, slow = application(desa_a, rate_per_minute=2)
    _, other = application(desa_a, rate_per_minute=2)

    answers = [keyed(slow).get("/api/v1/client/me/").status_code for _ in range(3)]

    assert answers == [200, 200, 429]
    assert keyed(other).get("/api/v1/client/me/").status_code == 200


def test_the_raw_key_is_in_no_table_and_no_log(desa_a, api, kades_desa_a, caplog):
    caplog.set_level(logging.INFO)
    created = api(kades_desa_a).post(
        "/api/v1/api-clients/",
        {"name": "SID", "region": desa_a.code, "scopes": ["complaints:read"]},
    )
    raw = created.json()["issued_key"]["key"]
    keyed(raw).get("/api/v1/client/me/")
    keyed(raw).get(f"/api/v1/client/nothing-here/{raw}/")
    logging.getLogger("pengaduan.test").info("calling with %s", raw)

    secret = raw.split("_", 2)[2]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                assert secret not in repr(row), table
    redact = RedactFilter()  # on the stdout handler that production logs go through
    logged = []
    for record in caplog.records:
        redact.filter(record)
        logged.append(" ".join(str(value) for value in vars(record).values()))
    assert any(raw[:14] in line for line in logged)  # the request lines were captured
    assert not [line for line in logged if secret in line]
