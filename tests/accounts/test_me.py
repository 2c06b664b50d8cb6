"""GET /me: one query for the user and every membership, in the documented shape."""

import pytest
from django.utils import translation

from accounts.api.serializers import MeOut
from accounts.models import Position, Role, User
from tests.accounts.factories import MembershipFactory, UserFactory


@pytest.fixture
def official_in_two_places(desa_a, desa_b, kecamatan_x):
    """A handler in A who is also intake officer in B and operator of A's kecamatan."""
    user = UserFactory(username="rangkap", phone="+6281200009999")
    MembershipFactory(user=user, role=Role.HANDLER, region=desa_a, position=Position.KAUR_TU_UMUM)
    MembershipFactory(user=user, role=Role.INTAKE_OFFICER, region=desa_b)
    MembershipFactory(user=user, role=Role.KECAMATAN_OPERATOR, region=kecamatan_x)
    return user


@pytest.mark.parametrize("language", ["id", "en"])
def test_me_matches_the_documented_serializer(
    api, official_in_two_places, admin_kabupaten, warga, language
):
    for user in [official_in_two_places, admin_kabupaten, warga]:
        body = api(user, language=language).get("/api/v1/me/").json()

        with translation.override(language):
            expected = MeOut(User.objects.get(pk=user.pk)).data
        assert body == expected


def test_me_lists_every_membership_with_its_kecamatan(api, official_in_two_places, desa_a):
    memberships = (
        api(official_in_two_places, language="en").get("/api/v1/me/").json()["memberships"]
    )

    by_role = {m["role"]: m for m in memberships}
    assert set(by_role) == {"handler", "intake_officer", "kecamatan_operator"}
    assert by_role["handler"]["region"]["code"] == desa_a.code
    assert by_role["handler"]["kecamatan"]["code"] == desa_a.parent.code
    assert by_role["handler"]["position"] == "kaur_tu_umum"
    assert by_role["kecamatan_operator"]["kecamatan"] is None  # a kecamatan is not in one


def test_me_is_one_query(api, official_in_two_places, django_assert_num_queries):
    client = api(official_in_two_places)

    with django_assert_num_queries(1):
        r = client.get("/api/v1/me/")

    assert r.status_code == 200
    assert len(r.json()["memberships"]) == 3


def test_a_user_without_memberships_still_authenticates(db, api, django_assert_num_queries):
    client = api(UserFactory(username="tanpa.peran"))

    with django_assert_num_queries(1):
        body = client.get("/api/v1/me/").json()

    assert body["username"] == "tanpa.peran"
    assert body["memberships"] == []


def test_a_deactivated_user_is_refused_with_a_valid_token(api, warga):
    client = api(warga)
    warga.is_active = False
    warga.save(update_fields=["is_active"])

    r = client.get("/api/v1/me/")

    assert r.status_code == 401


def test_a_deleted_user_is_refused_with_a_valid_token(api, warga):
    client = api(warga)
    warga.delete()

    r = client.get("/api/v1/me/")

    assert r.status_code == 401
