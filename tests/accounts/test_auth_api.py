import pytest
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import Role
from tests.accounts.factories import PASSWORD


def login(api, username, password=PASSWORD, **extra):
    return api().post("/api/v1/auth/token/", {"username": username, "password": password}, **extra)


def test_staff_logs_in_with_username_and_gets_a_token_pair(api, operator_desa_a):
    r = login(api, "petugas.a")

    assert r.status_code == 200, r.json()
    assert set(r.json()) == {"access", "refresh"}
    me = api().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {r.json()['access']}")
    assert me.json()["username"] == "petugas.a"


@pytest.mark.parametrize(
    "typed", ["081200001234", "0812-0000-1234", "6281200001234", "+62 812-0000-1234"]
)
def test_resident_logs_in_with_phone_number_in_any_common_form(api, warga, typed):
    r = login(api, typed)

    assert r.status_code == 200, r.json()


def test_wrong_password_and_unknown_account_get_the_same_answer(api, operator_desa_a):
    wrong_password = login(api, "petugas.a", "salah-sandi-123")
    unknown_account = login(api, "tidak.ada", "salah-sandi-123")

    assert wrong_password.status_code == unknown_account.status_code == 401
    assert wrong_password.json() == unknown_account.json()
    assert wrong_password.json()["code"] == "invalid_credentials"


def test_disabled_account_cannot_log_in_and_is_not_revealed(api, operator_desa_a):
    operator_desa_a.is_active = False
    operator_desa_a.save()

    r = login(api, "petugas.a")

    assert r.status_code == 401
    assert r.json()["code"] == "invalid_credentials"


def test_login_without_password_names_the_missing_field(api, db):
    r = api().post("/api/v1/auth/token/", {"username": "petugas.a"})

    assert r.status_code == 400
    assert list(r.json()["fields"]) == ["password"]


def test_refresh_rotates_and_the_old_refresh_token_stops_working(api, operator_desa_a):
    first = login(api, "petugas.a").json()

    rotated = api().post("/api/v1/auth/token/refresh/", {"refresh": first["refresh"]})
    replay = api().post("/api/v1/auth/token/refresh/", {"refresh": first["refresh"]})

    assert rotated.status_code == 200, rotated.json()
    assert rotated.json()["refresh"] != first["refresh"]
    assert replay.status_code == 401
    assert replay.json()["code"] == "token_not_valid"


def test_logout_blacklists_the_refresh_token(api, operator_desa_a):
    tokens = login(api, "petugas.a").json()

    out = api().post("/api/v1/auth/logout/", {"refresh": tokens["refresh"]})
    refresh_after_logout = api().post("/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]})

    assert out.status_code == 204
    assert refresh_after_logout.status_code == 401


def test_logout_with_a_forged_token_is_refused(api, db):
    r = api().post("/api/v1/auth/logout/", {"refresh": "bukan.token.asli"})

    assert r.status_code == 401
    assert r.json()["code"] == "token_not_valid"


def test_access_token_cannot_be_used_as_refresh_token(api, operator_desa_a):
    access = str(RefreshToken.for_user(operator_desa_a).access_token)

    r = api().post("/api/v1/auth/token/refresh/", {"refresh": access})

    assert r.status_code == 401


def test_login_is_throttled_per_ip(api, settings, db):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "login_ip": "4/minute",
        },
    }
    for n in range(4):
        login(api, f"tebakan{n}", "x")

    r = login(api, "tebakan-lagi", "x")

    assert r.status_code == 429
    assert login(api, "dari-ip-lain", "x", REMOTE_ADDR="10.1.2.3").status_code == 401


def test_me_requires_a_token(api, db):
    r = api().get("/api/v1/me/")

    assert r.status_code == 401
    assert r.json()["code"] == "not_authenticated"
    assert r.json()["fields"] == {}


def test_me_with_an_invalid_token_is_401(api, db):
    r = api().get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer eyJ.bukan.token")

    assert r.status_code == 401
    assert r.json()["code"] == "token_not_valid"


def test_me_lists_roles_with_region_kecamatan_and_position(
    api, pejabat_desa_a, desa_a2, django_assert_max_num_queries
):
    from tests.accounts.factories import MembershipFactory

    MembershipFactory(user=pejabat_desa_a, role=Role.INTAKE_OFFICER, region=desa_a2)
    client = api(pejabat_desa_a)

    with django_assert_max_num_queries(2):  # user, memberships with regions
        r = client.get("/api/v1/me/")

    assert r.status_code == 200, r.json()
    roles = {(m["role"], m["region"]["name"]) for m in r.json()["memberships"]}
    assert roles == {("handler", "Jagabaya"), ("intake_officer", "Nagarajati")}
    handler = next(m for m in r.json()["memberships"] if m["role"] == "handler")
    assert handler["position"] == "kasi_pemerintahan"
    assert handler["kecamatan"]["code"] == "32.07.10"


def test_labels_are_indonesian_by_default_and_english_on_request(api, operator_desa_a):
    indonesian = api(operator_desa_a).get("/api/v1/me/").json()
    english = api(operator_desa_a, language="en").get("/api/v1/me/").json()

    assert indonesian["memberships"][0]["role_label"] == "Petugas pengelola pengaduan"
    assert english["memberships"][0]["role_label"] == "Complaint intake officer"


def test_error_messages_follow_accept_language(api, db):
    indonesian = api().get("/api/v1/me/").json()["message"]
    english = api(language="en").get("/api/v1/me/").json()["message"]

    assert indonesian != english
    assert "credentials" in english.lower()
