import pytest
from django.core.exceptions import ValidationError

from regions.models import DesaContact
from regions.services import desa_contact_set


def test_anyone_can_list_desa_of_a_kecamatan(api, desa_a, desa_a2, desa_b):
    r = api().get("/api/v1/regions/", {"level": "desa", "parent": "32.07.10"})

    assert r.status_code == 200, r.json()
    assert [region["name"] for region in r.json()["results"]] == ["Nagarajati", "Jagabaya"]
    assert r.json()["results"][1]["parent"] == {
        "code": "32.07.10",
        "name": desa_a.parent.name,
        "level": "kecamatan",
    }


def test_region_search_matches_part_of_the_name(api, desa_a, desa_b):
    r = api().get("/api/v1/regions/", {"search": "kler"})

    assert r.status_code == 200, r.json()
    assert [region["code"] for region in r.json()["results"]] == ["33.22.02.2006"]


def test_region_list_rejects_an_unknown_level_with_a_field_message(api, db):
    r = api().get("/api/v1/regions/", {"level": "negara"})

    assert r.status_code == 400, r.json()
    assert r.json()["code"] == "invalid"
    assert "level" in r.json()["fields"]


def test_region_detail_by_kemendagri_code(api, desa_a):
    r = api().get("/api/v1/regions/32.07.10.2010/")

    assert r.status_code == 200, r.json()
    assert r.json()["name"] == "Jagabaya"
    assert r.json()["timezone"] == "Asia/Jakarta"


def test_unknown_region_is_404_with_the_error_shape(api, db):
    r = api().get("/api/v1/regions/99.99/")

    assert r.status_code == 404
    assert r.json() == {"code": "not_found", "message": r.json()["message"], "fields": {}}


def test_region_list_costs_the_same_queries_for_many_regions(
    api, desa_a, desa_a2, desa_b, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):  # count + page, parents joined
        r = api().get("/api/v1/regions/")

    assert r.status_code == 200
    assert r.json()["count"] == 9  # 2 provinsi, 2 kabupaten, 2 kecamatan, 3 desa


def test_a_desa_shows_its_offices_channels_and_hours_to_anyone(
    api, desa_a, django_assert_max_num_queries
):
    desa_contact_set(
        desa=desa_a,
        whatsapp="0812-0000-0010",
        phone="(0265) 700 0010",
        email="pengaduan@jagabaya.example",
        office_address="Kantor Desa Jagabaya",
        office_hours="Senin–Jumat 08.00–15.00 WIB",
    )

    with django_assert_max_num_queries(1):  # the region, its ancestors and contact joined
        r = api().get("/api/v1/regions/32.07.10.2010/")

    assert r.status_code == 200, r.json()
    assert r.json()["contact"] == {
        "whatsapp": "+6281200000010",
        "phone": "+622657000010",
        "email": "pengaduan@jagabaya.example",
        "office_address": "Kantor Desa Jagabaya",
        "office_hours": "Senin–Jumat 08.00–15.00 WIB",
    }


def test_a_region_without_contact_details_says_null(api, desa_a):
    assert api().get("/api/v1/regions/32.07.10.2010/").json()["contact"] is None
    assert api().get("/api/v1/regions/32.07.10/").json()["contact"] is None


def test_contact_details_belong_to_a_desa_and_take_indonesian_numbers(desa_a):
    with pytest.raises(ValidationError) as not_a_desa:
        desa_contact_set(desa=desa_a.parent, whatsapp="0812-0000-0010")
    with pytest.raises(ValidationError) as foreign:
        desa_contact_set(desa=desa_a, whatsapp="+1 202 555 0100", phone="12")

    assert "desa" in not_a_desa.value.message_dict
    assert set(foreign.value.message_dict) == {"whatsapp", "phone"}
    assert not DesaContact.objects.exists()


def test_admin_edits_a_desas_contact_details_on_its_page(client, desa_a, desa_a_admin_page):
    url, page = desa_a_admin_page
    form = {
        **page,
        "contact-TOTAL_FORMS": "1",
        "contact-0-whatsapp": "0812 0000 0010",
        "contact-0-phone": "",
        "contact-0-email": "pengaduan@jagabaya.example",
        "contact-0-office_address": " Kantor Desa Jagabaya ",
        "contact-0-office_hours": "Senin–Jumat 08.00–15.00 WIB",
    }

    assert "contact-0-whatsapp" in client.get(url).content.decode()
    bad = client.post(url, {**form, "contact-0-whatsapp": "12345"})
    saved = client.post(url, form)

    assert bad.status_code == 200  # the form again, with the error
    assert saved.status_code == 302, saved.content.decode()[:2000]
    contact = DesaContact.objects.get(desa=desa_a)
    assert (contact.whatsapp, contact.office_address) == ("+6281200000010", "Kantor Desa Jagabaya")
