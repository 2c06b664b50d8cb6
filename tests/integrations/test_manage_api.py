"""People managing applications: admins anywhere, a village head for their own desa."""

import pytest

from accounts.models import Role
from integrations.models import ApiClientAudit, AuditAction
from integrations.services import webhook_subscribe
from integrations.webhooks import webhook_ping
from tests.accounts.factories import user_with
from tests.integrations.factories import application, keyed

BODY = {"name": "Sistem Informasi Desa", "scopes": ["complaints:read"]}


def test_village_head_creates_an_application_for_their_desa_and_sees_the_key_once(
    api, kades_desa_a, desa_a
):
    r = api(kades_desa_a).post("/api/v1/api-clients/", {**BODY, "region": desa_a.code})

    assert r.status_code == 201, r.json()
    body = r.json()
    raw = body["issued_key"]["key"]
    assert raw.startswith(body["issued_key"]["prefix"] + "_")
    assert body["keys"][0]["prefix"] == body["issued_key"]["prefix"]
    detail = api(kades_desa_a).get(f"/api/v1/api-clients/{body['id']}/")
    assert detail.status_code == 200, detail.json()
    assert raw not in detail.content.decode()
    assert keyed(raw).get("/api/v1/client/me/").json()["region"]["code"] == desa_a.code


@pytest.mark.parametrize("region", ["desa_b", "kecamatan_x"])
def test_village_head_cannot_create_an_application_beyond_their_desa(
    api, kades_desa_a, region, request
):
    code = request.getfixturevalue(region).code

    r = api(kades_desa_a).post("/api/v1/api-clients/", {**BODY, "region": code})

    assert r.status_code == 403, r.json()
    assert r.json()["code"] == "permission_denied"


def test_admin_creates_an_application_for_a_kabupaten(api, admin_kabupaten, kecamatan_x):
    kabupaten = kecamatan_x.parent

    r = api(admin_kabupaten).post("/api/v1/api-clients/", {**BODY, "region": kabupaten.code})

    assert r.status_code == 201, r.json()
    assert r.json()["region"]["level"] == "kabupaten"


def test_unknown_scope_and_region_are_field_errors(api, admin_kabupaten, desa_a):
    r = api(admin_kabupaten).post(
        "/api/v1/api-clients/", {**BODY, "region": "99.99", "scopes": ["identity:read"]}
    )

    assert r.status_code == 400, r.json()
    assert set(r.json()["fields"]) == {"scopes.0"}
    r = api(admin_kabupaten).post("/api/v1/api-clients/", {**BODY, "region": "99.99"})
    assert r.status_code == 400, r.json()
    assert set(r.json()["fields"]) == {"region"}


@pytest.mark.parametrize("persona", ["warga", "operator_desa_a", "pejabat_desa_a", "camat_x", None])
def test_other_roles_may_not_manage_applications(api, persona, request, desa_a):
    user = request.getfixturevalue(persona) if persona else None
    expected = 401 if user is None else 403
    application(desa_a)

    assert api(user).get("/api/v1/api-clients/").status_code == expected
    r = api(user).post("/api/v1/api-clients/", {**BODY, "region": desa_a.code})
    assert r.status_code == expected, r.json()


def test_village_head_lists_only_their_desa_applications(
    api, kades_desa_a, desa_a, desa_b, admin_kabupaten
):
    mine, _ = application(desa_a)
    theirs, _ = application(desa_b)

    listed = api(kades_desa_a).get("/api/v1/api-clients/").json()["results"]
    everything = api(admin_kabupaten).get("/api/v1/api-clients/").json()["results"]

    assert [row["id"] for row in listed] == [mine.public_id]
    assert {row["id"] for row in everything} == {mine.public_id, theirs.public_id}
    for path in ["", "audit/"]:
        r = api(kades_desa_a).get(f"/api/v1/api-clients/{theirs.public_id}/{path}")
        assert r.status_code == 404, r.json()
    for path in ["revoke/", "keys/"]:
        r = api(kades_desa_a).post(f"/api/v1/api-clients/{theirs.public_id}/{path}")
        assert r.status_code == 404, r.json()


def test_list_query_count_does_not_grow_with_applications(
    api, admin_kabupaten, desa_a, django_assert_max_num_queries
):
    for _ in range(6):
        application(desa_a)
    client = api(admin_kabupaten)

    # the user with memberships, the count, the page, its keys
    with django_assert_max_num_queries(4):
        r = client.get("/api/v1/api-clients/")

    assert r.status_code == 200
    assert len(r.json()["results"]) == 6


def test_rotation_keeps_two_keys_working_and_refuses_a_third(api, kades_desa_a, desa_a):
    client, first = application(desa_a)
    manager = api(kades_desa_a)

    r = manager.post(f"/api/v1/api-clients/{client.public_id}/keys/")
    assert r.status_code == 201, r.json()
    second = r.json()["key"]
    assert keyed(first).get("/api/v1/client/me/").status_code == 200
    assert keyed(second).get("/api/v1/client/me/").status_code == 200

    third = manager.post(f"/api/v1/api-clients/{client.public_id}/keys/")
    assert third.status_code == 409, third.json()

    old_prefix = first[:14]
    r = manager.post(f"/api/v1/api-clients/{client.public_id}/keys/{old_prefix}/revoke/")
    assert r.status_code == 200, r.json()
    assert r.json()["revoked_at"] is not None
    refused = keyed(first).get("/api/v1/client/me/")
    assert refused.status_code == 401, refused.json()
    assert refused.json()["code"] == "authentication_failed"
    assert keyed(second).get("/api/v1/client/me/").status_code == 200
    assert manager.post(f"/api/v1/api-clients/{client.public_id}/keys/").status_code == 201


def test_revoking_the_application_stops_every_key_at_once(api, kades_desa_a, desa_a):
    client, raw = application(desa_a)
    caller = keyed(raw)
    assert caller.get("/api/v1/client/me/").status_code == 200

    r = api(kades_desa_a).post(f"/api/v1/api-clients/{client.public_id}/revoke/")

    assert r.status_code == 200, r.json()
    assert all(key["revoked_at"] for key in r.json()["keys"])
    assert caller.get("/api/v1/client/me/").status_code == 401
    again = api(kades_desa_a).post(f"/api/v1/api-clients/{client.public_id}/keys/")
    assert again.status_code == 409, again.json()


def test_every_creation_rotation_and_revocation_is_in_the_audit_log(api, kades_desa_a, desa_a):
    manager = api(kades_desa_a)
    created = manager.post("/api/v1/api-clients/", {**BODY, "region": desa_a.code}).json()
    base = f"/api/v1/api-clients/{created['id']}"
    rotated = manager.post(f"{base}/keys/").json()
    manager.post(f"{base}/keys/{rotated['prefix']}/revoke/")
    manager.post(f"{base}/revoke/")

    r = manager.get(f"{base}/audit/")

    assert r.status_code == 200, r.json()
    rows = r.json()["results"]
    assert [row["action"] for row in reversed(rows)] == [
        "client_created", "key_created", "key_created", "key_revoked", "client_revoked",
    ]  # fmt: skip
    assert {row["actor"] for row in rows} == {kades_desa_a.username}
    assert ApiClientAudit.objects.filter(action=AuditAction.KEY_REVOKED).count() == 1


@pytest.fixture
def kades_desa_b(desa_b):
    return user_with(Role.VILLAGE_HEAD, desa_b, username="kades.b")


@pytest.fixture
def subscribed(desa_a, settings):
    """An application of desa A with a subscription and a ping in its log."""
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    client, _ = application(desa_a)
    issued = webhook_subscribe(
        client=client, url="http://127.0.0.1:9/hook", events=["complaint.submitted"]
    )
    webhook_ping(subscription=issued.subscription)
    return client, issued


def test_village_head_sees_their_applications_webhooks_and_log_without_the_secret(
    api, kades_desa_a, subscribed
):
    client, issued = subscribed
    base = f"/api/v1/api-clients/{client.public_id}/webhooks/"

    listed = api(kades_desa_a).get(base)
    log = api(kades_desa_a).get(f"{base}{issued.subscription.public_id}/deliveries/")

    assert listed.status_code == 200, listed.json()
    [row] = listed.json()["results"]
    assert row["id"] == issued.subscription.public_id
    assert row["url"] == "http://127.0.0.1:9/hook"
    assert issued.secret not in listed.content.decode()
    assert log.status_code == 200, log.json()
    assert [m["event_type"] for m in log.json()["results"]] == ["ping"]
    assert issued.secret not in log.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("kades_desa_b", 404), ("admin_kabupaten", 200), ("operator_desa_a", 403), (None, 401)],
)
def test_who_may_read_an_applications_webhooks(api, request, subscribed, persona, status):
    client, issued = subscribed
    user = request.getfixturevalue(persona) if persona else None
    base = f"/api/v1/api-clients/{client.public_id}/webhooks/"

    answers = {
        api(user).get(base).status_code,
        api(user).get(f"{base}{issued.subscription.public_id}/deliveries/").status_code,
    }

    assert answers == {status}


def test_an_unknown_subscription_of_a_managed_application_is_404(api, kades_desa_a, subscribed):
    client, _ = subscribed

    r = api(kades_desa_a).get(f"/api/v1/api-clients/{client.public_id}/webhooks/wh_x/deliveries/")

    assert r.status_code == 404, r.json()
    assert r.json()["code"] == "not_found"


def test_webhook_list_query_count_does_not_grow(
    api, kades_desa_a, subscribed, django_assert_max_num_queries
):
    client, issued = subscribed
    for _ in range(4):
        webhook_subscribe(client=client, url="http://127.0.0.1:9/h", events=["complaint.closed"])
        webhook_ping(subscription=issued.subscription)
    caller = api(kades_desa_a)

    # the user with memberships, the client, its keys; each list: its count, page (+ log)
    with django_assert_max_num_queries(6):
        listed = caller.get(f"/api/v1/api-clients/{client.public_id}/webhooks/")
    with django_assert_max_num_queries(7):
        log = caller.get(
            f"/api/v1/api-clients/{client.public_id}/webhooks/"
            f"{issued.subscription.public_id}/deliveries/"
        )

    assert len(listed.json()["results"]) == 5
    assert len(log.json()["results"]) == 5
