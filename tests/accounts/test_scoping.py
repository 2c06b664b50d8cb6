"""Who may see a desa's officials: `accounts.scoping` decides, views only ask."""

from accounts.models import Role
from accounts.scoping import can_act_in, desa_for, kecamatan_for
from tests.accounts.factories import MembershipFactory


def staff_codes(response) -> set[str]:
    return {row["role"] for row in response.json()["results"]}


def test_operator_sees_the_officials_of_their_own_desa(
    api, operator_desa_a, pejabat_desa_a, kades_desa_a
):
    r = api(operator_desa_a).get("/api/v1/desa/32.07.10.2010/staff/")

    assert r.status_code == 200, r.json()
    assert staff_codes(r) == {"intake_officer", "handler", "village_head"}
    handler = next(row for row in r.json()["results"] if row["role"] == "handler")
    assert handler["position_label"] == "Kasi Pemerintahan"


def test_operator_cannot_see_anything_of_another_desa(api, operator_desa_a, operator_desa_b):
    r = api(operator_desa_a).get("/api/v1/desa/33.22.02.2006/staff/")

    assert r.status_code == 404
    assert r.json()["code"] == "not_found"


def test_out_of_region_and_missing_desa_look_the_same(api, operator_desa_a, desa_b):
    outside = api(operator_desa_a).get("/api/v1/desa/33.22.02.2006/staff/")
    missing = api(operator_desa_a).get("/api/v1/desa/99.99.99.9999/staff/")

    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()


def test_kecamatan_operator_sees_every_desa_of_their_kecamatan(
    api, camat_x, operator_desa_a, desa_a2
):
    MembershipFactory(role=Role.INTAKE_OFFICER, region=desa_a2)

    jagabaya = api(camat_x).get("/api/v1/desa/32.07.10.2010/staff/")
    nagarajati = api(camat_x).get("/api/v1/desa/32.07.10.2004/staff/")

    assert jagabaya.status_code == nagarajati.status_code == 200
    assert jagabaya.json()["count"] == nagarajati.json()["count"] == 1


def test_kecamatan_operator_of_panawangan_cannot_act_in_tengaran(
    api, camat_x, camat_y, operator_desa_b
):
    refused = api(camat_x).get("/api/v1/desa/33.22.02.2006/staff/")
    allowed = api(camat_y).get("/api/v1/desa/33.22.02.2006/staff/")

    assert refused.status_code == 404
    assert allowed.status_code == 200


def test_officer_of_two_desa_sees_both_and_nothing_else(api, operator_desa_a, desa_a2, desa_b):
    MembershipFactory(user=operator_desa_a, role=Role.INTAKE_OFFICER, region=desa_a2)
    client = api(operator_desa_a)

    assert client.get("/api/v1/desa/32.07.10.2010/staff/").status_code == 200
    assert client.get("/api/v1/desa/32.07.10.2004/staff/").status_code == 200
    assert client.get("/api/v1/desa/33.22.02.2006/staff/").status_code == 404


def test_resident_cannot_list_officials_even_of_their_own_desa(api, warga, operator_desa_a):
    r = api(warga).get("/api/v1/desa/32.07.10.2010/staff/")

    assert r.status_code == 404


def test_anonymous_caller_must_log_in(api, desa_a):
    r = api().get("/api/v1/desa/32.07.10.2010/staff/")

    assert r.status_code == 401


def test_admin_sees_officials_everywhere(api, admin_kabupaten, operator_desa_a, operator_desa_b):
    client = api(admin_kabupaten)

    assert client.get("/api/v1/desa/32.07.10.2010/staff/").status_code == 200
    assert client.get("/api/v1/desa/33.22.02.2006/staff/").status_code == 200


def test_staff_list_shows_no_contact_data_and_no_residents(api, operator_desa_a, warga):
    r = api(operator_desa_a).get("/api/v1/desa/32.07.10.2010/staff/")

    assert r.status_code == 200
    body = r.content.decode()
    assert "phone" not in body
    assert "6281200001234" not in body
    assert staff_codes(r) == {"intake_officer"}


def test_staff_list_query_count_does_not_grow_with_staff(
    api, operator_desa_a, desa_a, django_assert_max_num_queries
):
    for _ in range(10):
        MembershipFactory(role=Role.HANDLER, region=desa_a)
    client = api(operator_desa_a)

    # user, memberships (scoping), desa lookup, count, page with users
    with django_assert_max_num_queries(5):
        r = client.get("/api/v1/desa/32.07.10.2010/staff/")

    assert r.json()["count"] == 11


def test_desa_for_covers_the_subtree_of_a_kecamatan_grant(camat_x, desa_a, desa_a2, desa_b):
    codes = set(desa_for(camat_x, {Role.KECAMATAN_OPERATOR}).values_list("code", flat=True))

    assert codes == {desa_a.code, desa_a2.code}
    assert list(kecamatan_for(camat_x, {Role.KECAMATAN_OPERATOR})) == [desa_a.parent]


def test_roles_are_checked_with_the_region(operator_desa_a, desa_a, desa_b):
    assert can_act_in(operator_desa_a, {Role.INTAKE_OFFICER}, desa_a)
    assert not can_act_in(operator_desa_a, {Role.INTAKE_OFFICER}, desa_b)
    assert not can_act_in(operator_desa_a, {Role.VILLAGE_HEAD}, desa_a)


def test_a_code_prefix_is_not_a_subtree(db, camat_x):
    """Kecamatan 32.07.1 must not cover desa of 32.07.10 or 32.07.11 by string prefix."""
    from tests.regions.factories import desa

    other = desa("32.07.11.2001", "Desa Tetangga", "DTG")

    assert not can_act_in(camat_x, {Role.KECAMATAN_OPERATOR}, other)
    assert other not in desa_for(camat_x, {Role.KECAMATAN_OPERATOR})
