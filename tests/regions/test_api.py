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
