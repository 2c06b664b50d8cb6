import pytest

from accounts.models import Membership, Role, User


def signup(api, **fields):
    body = {"phone": "0813-1111-2222", "password": "Sungai-Citanduy-9", "full_name": "Ujang"}
    return api().post("/api/v1/auth/signup/", {**body, **fields}, format="json")


def verify(api, phone="0813-1111-2222"):
    """Confirm with the code the resident received (derived as the message would be)."""
    row = User.objects.get(phone="+6281311112222").password_resets.latest("pk")
    body = {"phone": phone, "code": row.code()}
    return api().post("/api/v1/auth/signup/verify/", body, format="json")


def test_resident_signs_up_with_a_phone_number_and_is_logged_in_after_the_code(api, desa_a):
    r = signup(api, desa="32.07.10.2010")
    done = verify(api)

    assert r.status_code == 202, r.json()
    assert r.json() == {"phone": "+6281311112222", "minutes": 15}
    assert done.status_code == 200, done.json()
    me = api().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {done.json()['access']}")
    assert me.status_code == 200
    assert me.json()["phone"] == "+6281311112222"
    assert me.json()["memberships"][0]["role"] == Role.RESIDENT


def test_resident_can_then_log_in_with_the_number_typed_differently(api, db):
    signup(api)
    verify(api, phone="+62 813 1111 2222")

    r = api().post(
        "/api/v1/auth/token/", {"username": "+62 813 1111 2222", "password": "Sungai-Citanduy-9"}
    )

    assert r.status_code == 200, r.json()


@pytest.mark.parametrize("phone", ["12345", "0812", "+1 202 555 0101", "nomor saya"])
def test_signup_rejects_a_bad_phone_with_a_field_message(api, db, phone):
    r = signup(api, phone=phone)

    assert r.status_code == 400, r.json()
    assert r.json()["code"] == "invalid"
    assert "phone" in r.json()["fields"]
    assert not User.objects.exists()


def test_signup_rejects_a_weak_password(api, db):
    r = signup(api, password="12345678")

    assert r.status_code == 400
    assert "password" in r.json()["fields"]
    assert not User.objects.exists()


def test_signup_with_an_unknown_desa_names_the_field_and_creates_nothing(api, db):
    r = signup(api, desa="99.99.99.9999")

    assert r.status_code == 400
    assert "desa" in r.json()["fields"]
    assert not Membership.objects.exists()


def test_signup_names_a_bad_phone_and_a_weak_password_in_one_answer(api, db):
    r = signup(api, phone="0812", password="12345678")

    assert r.status_code == 400
    assert set(r.json()["fields"]) == {"phone", "password"}
    assert not User.objects.exists()


def test_a_weak_password_for_a_taken_phone_is_answered_as_for_a_new_one(api, warga):
    taken = signup(api, phone="0812-0000-1234", password="12345678")
    new = signup(api, phone="0813-5555-6666", password="12345678")

    assert taken.status_code == new.status_code == 400
    assert set(taken.json()["fields"]) == set(new.json()["fields"]) == {"password"}
