"""Open311 GeoReport v2 at /open311/v2/: every endpoint in both formats, the JSON checked
against the schemas the Open311 project publishes (open311_schemas/), the XML read as a
generic client reads it (the standard library's parser, no knowledge of our code).

Every test reads or posts against the same received complaint (`filed`) and the same three
applications, and whatever a test writes is rolled back: they are made once for the module.
The tests that count every request of the desa with rows of their own (the 1000-row cap,
the 90-day window, the query count) are in test_open311_windows.py, where no `filed` is."""

import json
import re
from datetime import timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from complaints.identity import pin_matches
from complaints.models import Channel, Complaint
from integrations.models import ApiClientAudit, ApiSubmission, AuditAction
from integrations.throttling import Open311Throttle
from notifications.models import Notification
from notifications.services import notification_deliver
from tests.complaints.factories import advance, submit
from tests.conftest import make_desa_a, make_desa_b, make_operator_desa_a
from tests.integrations.factories import application, keyed

SCHEMAS = Path(__file__).parent / "open311_schemas"
_REGISTRY = Registry().with_resources(
    (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT7))
    for path in SCHEMAS.glob("*.json")
)


def assert_valid(body, schema: str) -> None:
    validator = Draft7Validator({"$ref": schema}, registry=_REGISTRY)
    problems = [error.message for error in validator.iter_errors(body)]
    assert problems == [], problems


def assert_w3c(value: str) -> None:
    moment = parse_datetime(value)
    assert moment is not None and moment.tzinfo is not None, value


def xml_of(response) -> ElementTree.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ElementTree.fromstring(response.content)


def errors_of(response, fmt: str) -> list[tuple[int, str]]:
    """The specification's error body, read in either format."""
    if fmt == "json":
        return [(item["code"], item["description"]) for item in response.json()]
    root = xml_of(response)
    assert root.tag == "errors"
    return [(int(e.findtext("code")), e.findtext("description")) for e in root.iter("error")]


@pytest.fixture
def web():
    return Client()


def build_module() -> dict:
    """The module's complaint, its officer and three applications, made once: each test only
    reads them, or writes in its own savepoint."""
    desa_a, desa_b = make_desa_a(), make_desa_b()
    operator = make_operator_desa_a(desa_a)
    complaint = submit(desa_a, latitude="-7.123456", longitude="108.654321").complaint
    return {
        "operator_desa_a": operator,
        "filed": advance(complaint, "received", officer=operator),
        "keys": {
            "writer": application(desa_a, "complaints:write")[1],
            "reader": application(desa_a, "complaints:read")[1],
            "stranger": application(desa_b, "complaints:write")[1],
        },
    }


@pytest.fixture
def operator_desa_a(built):
    """The officer who received `filed` (the persona, made once with it)."""
    return built["operator_desa_a"]


@pytest.fixture
def filed(built):
    """A named complaint of desa A, received (registered, with a deadline): the only
    complaint of the module's data."""
    return built["filed"]


@pytest.fixture
def keys(built):
    """Raw keys of desa A's writing and reading applications and of desa B's writer."""
    return dict(built["keys"])


BASE = "/open311/v2"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_discovery_names_the_endpoint_and_both_formats(web, fmt):
    r = web.get(f"{BASE}/discovery.{fmt}")

    assert r.status_code == 200
    if fmt == "json":
        endpoint = r.json()["endpoints"][0]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert endpoint["url"].endswith("/open311/v2")
        assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    else:
        root = xml_of(r)
        assert root.tag == "discovery"
        assert root.findtext("changeset")
        formats = [f.text for f in root.find("endpoints/endpoint/formats").iter("format")]
        assert set(formats) == {"text/xml", "application/json"}


def test_services_are_the_desa_categories(web, filed, desa_a):
    r = web.get(f"{BASE}/services.json", {"jurisdiction_id": desa_a.code})

    assert r.status_code == 200
    assert r["Content-Type"] == "application/json; charset=utf-8"
    assert_valid(r.json(), "services.json")
    codes = [service["service_code"] for service in r.json()]
    assert "infrastruktur" in codes
    assert all(service["metadata"] is True for service in r.json())

    root = xml_of(web.get(f"{BASE}/services.xml", {"jurisdiction_id": desa_a.code}))
    assert root.tag == "services"
    assert [s.findtext("service_code") for s in root.findall("service")] == codes
    assert {s.findtext("metadata") for s in root.findall("service")} == {"true"}


def test_service_definition_offers_kind_and_urgency(web, filed, desa_a):
    params = {"jurisdiction_id": desa_a.code}

    r = web.get(f"{BASE}/services/infrastruktur.json", params)

    assert r.status_code == 200
    assert_valid(r.json(), "service-definition.json")
    attributes = {a["code"]: a for a in r.json()["attributes"]}
    assert set(attributes) == {"kind", "urgency"}
    assert {v["key"] for v in attributes["kind"]["values"]} >= {"complaint", "aspiration"}
    root = xml_of(web.get(f"{BASE}/services/infrastruktur.xml", params))
    assert root.tag == "service_definition"
    assert [a.findtext("code") for a in root.find("attributes")] == ["kind", "urgency"]
    assert root.find("attributes/attribute/values/value/key") is not None


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "path, params, status",
    [
        ("services", {}, 400),
        ("services", {"jurisdiction_id": "99.99.99.9999"}, 404),
        ("services", {"jurisdiction_id": ""}, 400),  # empty counts as absent
        ("services/no-such-service", {"jurisdiction_id": "32.07.10.2010"}, 404),
        ("requests/NOSUCHCODE", {"jurisdiction_id": "32.07.10.2010"}, 404),
        ("tokens/deadbeef", {"jurisdiction_id": "32.07.10.2010"}, 404),
        ("requests", {"jurisdiction_id": "32.07.10.2010", "status": "pending"}, 400),
    ],
)
def test_errors_have_the_specification_body(web, desa_a, fmt, path, params, status):
    r = web.get(f"{BASE}/{path}.{fmt}", params)

    assert r.status_code == status
    [(code, description)] = errors_of(r, fmt)
    assert code == status
    assert description


def _requests(web, desa, fmt="json", **params):
    return web.get(f"{BASE}/requests.{fmt}", {"jurisdiction_id": desa.code, **params})


def test_requests_list_is_valid_and_private_to_the_public(web, filed, desa_a):
    r = _requests(web, desa_a)

    assert r.status_code == 200
    assert_valid(r.json(), "requests.json")
    [row] = r.json()
    assert row["service_request_id"] == filed.tracking_code
    assert row["status"] == "open"
    assert "nomor register" in row["status_notes"]  # no Accept-Language: Indonesian
    for moment in ["requested_datetime", "updated_datetime", "expected_datetime"]:
        assert_w3c(row[moment])
    assert (row["description"], row["address"], row["lat"], row["long"]) == (None,) * 4
    assert "Siti" not in r.content.decode()


def test_dismissed_spam_is_never_listed_nor_found(web, filed, desa_a, operator_desa_a):
    spam = submit(desa_a, title="Pinjaman online cair cepat").complaint
    advance(spam, "spam", officer=operator_desa_a)

    listed = _requests(web, desa_a)
    by_id = web.get(f"{BASE}/requests/{spam.tracking_code}.json", {"jurisdiction_id": desa_a.code})

    assert [row["service_request_id"] for row in listed.json()] == [filed.tracking_code]
    assert by_id.status_code == 404


def test_an_application_reading_its_desa_sees_description_and_location(web, filed, desa_a):
    _, raw = application(desa_a, "complaints:read")

    [row] = _requests(web, desa_a, api_key=raw).json()

    assert row["description"] == "Air meluap ke jalan setiap hujan."
    assert (row["lat"], row["long"]) == (-7.123456, 108.654321)


def test_an_application_of_another_region_reads_as_the_public(web, filed, desa_a, desa_b):
    _, raw = application(desa_b, "complaints:read")

    [row] = _requests(web, desa_a, api_key=raw).json()

    assert row["description"] is None


def test_a_bad_api_key_on_a_read_is_403(web, filed, desa_a):
    r = _requests(web, desa_a, "xml", api_key="pdk_aaaaaaaaaa_" + "x" * 43)

    assert r.status_code == 403
    assert errors_of(r, "xml")[0][0] == 403


def test_requests_xml_reads_as_a_generic_client_reads_it(web, filed, desa_a):
    root = xml_of(_requests(web, desa_a, "xml"))

    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert request.findtext("service_request_id") == filed.tracking_code
    assert request.findtext("status") == "open"
    assert_w3c(request.findtext("requested_datetime"))
    assert request.find("description").text is None


def test_request_filters(web, filed, desa_a, operator_desa_a):
    old = submit(desa_a).complaint
    Complaint.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=120))
    closed = advance(submit(desa_a).complaint, "rejected", officer=operator_desa_a)

    def codes(**params):
        r = _requests(web, desa_a, **params)
        assert r.status_code == 200, r.content
        return {row["service_request_id"] for row in r.json()}

    assert codes() == {filed.tracking_code, closed.tracking_code}  # 90 days back
    assert codes(status="closed") == {closed.tracking_code}
    assert codes(status="open,closed", service_code="") == codes()  # empty = absent
    assert codes(service_code="lainnya") == set()
    # service_request_id overrides the window and every other filter
    assert codes(service_request_id=old.tracking_code, status="closed") == {old.tracking_code}
    start = (timezone.now() - timedelta(days=130)).isoformat()
    assert codes(start_date=start) == {old.tracking_code}
    too_long = _requests(web, desa_a, start_date=start, end_date=timezone.now().isoformat())
    assert too_long.status_code == 400


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_request_by_id_in_both_formats(web, filed, desa_a, desa_b, fmt):
    url = f"{BASE}/requests/{filed.tracking_code}.{fmt}"

    r = web.get(url, {"jurisdiction_id": desa_a.code})
    elsewhere = web.get(url, {"jurisdiction_id": desa_b.code})

    assert r.status_code == 200
    if fmt == "json":
        assert_valid(r.json(), "requests.json")
        assert r.json()[0]["service_request_id"] == filed.tracking_code
    else:
        assert xml_of(r).findtext("request/service_request_id") == filed.tracking_code
    assert elsewhere.status_code == 404


# --- rate limits -------------------------------------------------------------------------
@pytest.fixture
def three_a_minute(monkeypatch):
    monkeypatch.setattr(Open311Throttle, "THROTTLE_RATES", {"open311_ip": "3/minute"})


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_anonymous_callers_are_limited_by_address_with_the_specification_body(
    web, desa_a, three_a_minute, fmt
):
    url = f"{BASE}/services.{fmt}"
    params = {"jurisdiction_id": desa_a.code}
    answers = [web.get(url, params).status_code for _ in range(3)]

    refused = web.get(url, params)
    elsewhere = web.get(url, params, REMOTE_ADDR="10.1.2.3")

    assert answers == [200, 200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    [(code, description)] = errors_of(refused, fmt)
    assert code == 429 and refused["Retry-After"] in description
    assert elsewhere.status_code == 200


def test_a_wrong_api_key_counts_against_the_address(web, desa_a, three_a_minute):
    params = {"jurisdiction_id": desa_a.code, "api_key": "pdk_aaaaaaaaaa_" + "x" * 43}

    answers = [web.get(f"{BASE}/requests.json", params).status_code for _ in range(4)]

    assert answers == [403, 403, 403, 429]


def test_an_application_is_limited_by_its_own_rate_shared_with_the_client_api(
    web, desa_a, three_a_minute
):
    _, raw = application(desa_a, "complaints:read", rate_per_minute=3)
    _, other = application(desa_a, "complaints:read", rate_per_minute=3)
    params = {"jurisdiction_id": desa_a.code, "api_key": raw}
    for _ in range(3):
        assert web.get(f"{BASE}/requests.json").status_code == 400  # the address's budget

    answers = [web.get(f"{BASE}/requests.json", params).status_code for _ in range(2)]
    me = keyed(raw).get("/api/v1/client/me/")
    refused = web.get(f"{BASE}/requests.json", params)
    header = web.get(
        f"{BASE}/requests.json", {"jurisdiction_id": desa_a.code},
        HTTP_AUTHORIZATION=f"Bearer {other}",
    )  # fmt: skip

    assert answers == [200, 200]
    assert me.status_code == 200
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert header.status_code == 200


# --- POST requests -------------------------------------------------------------------------
def _post(web, desa, fmt="json", **fields):
    return web.post(f"{BASE}/requests.{fmt}", {"jurisdiction_id": desa.code, **fields})


FORM = {
    "service_code": "infrastruktur",
    "description": "Lampu jalan di depan balai desa mati sejak Senin.",
    "lat": "-7.120000",
    "long": "108.650000",
    "email": "warga@example.id",
    "attribute[kind]": "complaint",
    "attribute[urgency]": "high",
}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_application_posts_a_request_and_the_pin_goes_to_the_resident(web, desa_a, filed, fmt):
    client, raw = application(desa_a, "complaints:write")

    r = _post(web, desa_a, fmt, api_key=raw, **FORM)

    assert r.status_code == 200, r.content
    if fmt == "json":
        [row] = r.json()
        code = row["service_request_id"]
    else:
        code = xml_of(r).findtext("request/service_request_id")
    complaint = Complaint.objects.get(tracking_code=code)
    assert (complaint.status, complaint.channel) == ("submitted", Channel.APPLICATION)
    assert complaint.urgency == "high"
    assert complaint.reporter_urgent is True  # the resident's "how urgent?" answer, kept
    assert ApiSubmission.objects.get(complaint=complaint).client == client
    assert ApiClientAudit.objects.filter(client=client, action=AuditAction.WRITE).count() == 1
    # The PIN reaches the resident's email, never the application.
    outbox = Notification.objects.get(complaint=complaint, template="submitted")
    assert outbox.address == "warga@example.id"
    assert notification_deliver(notification_id=outbox.pk) == "sent"
    [message] = mail.outbox
    pin = re.search(r"PIN (\d{6})", message.body).group(1)
    assert pin_matches(code, pin, complaint.pin_hash)
    assert pin not in r.content.decode()
    assert pin not in json.dumps(outbox.payload)


def test_a_posted_request_can_be_read_back_and_its_token_resolved(web, desa_a, filed):
    _, raw = application(desa_a, "complaints:write", "complaints:read")
    code = _post(web, desa_a, api_key=raw, **FORM).json()[0]["service_request_id"]
    token = ApiSubmission.objects.get(complaint__tracking_code=code).token

    detail = web.get(f"{BASE}/requests/{code}.json", {"jurisdiction_id": desa_a.code})
    resolved = web.get(f"{BASE}/tokens/{token}.json", {"jurisdiction_id": desa_a.code})
    resolved_xml = web.get(f"{BASE}/tokens/{token}.xml", {"jurisdiction_id": desa_a.code})

    assert_valid(detail.json(), "requests.json")
    assert detail.json()[0]["status"] == "open"
    assert resolved.json() == [{"service_request_id": code, "token": token}]
    assert xml_of(resolved_xml).findtext("request/service_request_id") == code


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "case, status",
    [
        ("no_key", 403),
        ("bad_key", 403),
        ("read_only_key", 403),
        ("unknown_service", 404),
        ("no_location", 400),
        ("no_contact", 400),
        ("bad_attribute", 400),
        ("other_region", 404),
    ],
)
def test_post_refusals_have_the_specification_body(web, desa_a, filed, keys, fmt, case, status):
    writer, reader, stranger = keys["writer"], keys["reader"], keys["stranger"]
    form = {**FORM, "api_key": writer}
    if case == "no_key":
        del form["api_key"]
    elif case == "bad_key":
        form["api_key"] = writer[:-3] + "zzz"
    elif case == "read_only_key":
        form["api_key"] = reader
    elif case == "unknown_service":
        form["service_code"] = "pothole"
    elif case == "no_location":
        form.update(lat="", long="")
    elif case == "no_contact":
        del form["email"]
    elif case == "bad_attribute":
        form["attribute[kind]"] = "praise"
    else:
        form["api_key"] = stranger

    r = _post(web, desa_a, fmt, **form)

    assert r.status_code == status, r.content
    assert errors_of(r, fmt)[0][0] == status
    assert Complaint.objects.count() == 1  # only `filed`


def test_unknown_open311_paths_are_not_routes_of_the_app(web):
    app_route = web.get("/d/32.07.10.2010")  # the SPA answers its own routes (or 503 unbuilt)

    r = web.get(f"{BASE}/nothing-here.json")

    assert app_route.status_code in (200, 503)
    assert r.status_code == 404
