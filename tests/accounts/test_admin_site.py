"""The admin role manages regions, users and memberships in Django's admin site."""

from accounts.models import Membership, Role


def test_admin_grants_a_role_through_the_admin_site(
    client, admin_kabupaten, operator_desa_a, desa_b
):
    client.force_login(admin_kabupaten)

    r = client.post(
        "/admin/accounts/membership/add/",
        {
            "user": operator_desa_a.pk,
            "role": Role.VILLAGE_HEAD,
            "region": desa_b.pk,
            "position": "",
            "position_title": "",
        },
    )

    assert r.status_code == 302, r.content.decode()[:2000]
    membership = Membership.objects.get(user=operator_desa_a, role=Role.VILLAGE_HEAD)
    assert membership.region == desa_b
    assert membership.granted_by == admin_kabupaten


def test_admin_site_refuses_a_role_on_a_region_of_the_wrong_level(
    client, admin_kabupaten, operator_desa_a, kecamatan_x
):
    client.force_login(admin_kabupaten)

    r = client.post(
        "/admin/accounts/membership/add/",
        {
            "user": operator_desa_a.pk,
            "role": Role.INTAKE_OFFICER,
            "region": kecamatan_x.pk,
            "position": "",
            "position_title": "",
        },
    )

    assert r.status_code == 200  # the form again, with the error
    assert not Membership.objects.filter(region=kecamatan_x).exists()


def test_village_staff_cannot_enter_the_admin_site(client, operator_desa_a):
    client.force_login(operator_desa_a)

    r = client.get("/admin/accounts/membership/")

    assert r.status_code == 302
    assert "/admin/login/" in r["Location"]
