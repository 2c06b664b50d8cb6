def test_unknown_api_path_answers_json_404(api, db):
    r = api().get("/api/v1/tidak-ada/")

    assert r.status_code == 404
    assert r["Content-Type"] == "application/json"
    assert r.json()["code"] == "not_found"


def test_wrong_method_is_405_with_the_error_shape(api, db):
    r = api().delete("/api/v1/auth/token/")

    assert r.status_code == 405
    assert r.json()["code"] == "method_not_allowed"


def test_malformed_json_is_400_parse_error(api, db):
    r = api().generic("POST", "/api/v1/auth/token/", "{username:", content_type="application/json")

    assert r.status_code == 400
    assert r.json()["code"] == "parse_error"


def test_health_answers_without_authentication(api, db):
    r = api().get("/api/v1/health/")

    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_spa_routes_serve_the_app_shell(client, settings, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>Pengaduan Desa</title>")
    settings.FRONTEND_DIST = tmp_path

    r = client.get("/d/32.07.10.2010")

    assert r.status_code == 200
    assert b"Pengaduan Desa" in b"".join(r.streaming_content)
    assert r["Cache-Control"] == "no-cache"


def test_nested_field_errors_have_dotted_names(api, desa_a):
    body = {
        "desa": "32.07.10.2010",
        "kind": "complaint",
        "category": "infrastruktur",
        "title": "Jalan rusak",
        "description": "Berlubang",
        "anonymous": False,
        "reporter": {"name": "Ujang", "nik": "123", "phone": "0812-3456-7890"},
    }

    r = api().post("/api/v1/complaints/", body)

    assert r.status_code == 400
    assert set(r.json()["fields"]) == {"reporter.address"}
    assert all(isinstance(messages, list) for messages in r.json()["fields"].values())


def test_a_token_of_a_deleted_user_answers_a_code_of_the_contract(api, operator_desa_a):
    from common.errors import ErrorCode

    client = api(operator_desa_a)
    operator_desa_a.delete()

    r = client.get("/api/v1/me/")

    assert r.status_code == 401
    assert r.json()["code"] in ErrorCode._value2member_map_


def test_every_key_an_error_body_carries_is_in_the_schema():
    from rest_framework.exceptions import Throttled

    from common.api import exception_handler
    from common.errors import IdempotencyKeyInUse, InvalidTransition, PayloadTooLarge
    from tests.contract import _schema

    schema = _schema()  # openapi.yaml, read once a process (libyaml)
    declared = set(schema["components"]["schemas"]["ErrorOut"]["properties"])
    raised = [
        InvalidTransition(extra={"allowed_actions": ["receive"]}),
        PayloadTooLarge(extra={"fields": {"file": ["x"]}, "max_bytes": 10}),
        IdempotencyKeyInUse(extra={"retry_after": 2}),
        Throttled(wait=5),
    ]

    for error in raised:
        body = exception_handler(error, {}).data
        assert set(body) <= declared, (type(error).__name__, set(body) - declared)
        assert set(body) - {"code", "message", "fields"}, type(error).__name__
