"""`page_size` is what the schema says: a whole number from 1 to 100, or a 400 naming it."""

import pytest

LISTS = ["/api/v1/regions/", "/api/v1/complaints/"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("value", ["0", "101", "ten", "true", "-1", "1.5", "", " 5"])
def test_a_page_size_outside_the_schema_is_400_naming_it(api, operator_desa_a, path, value):
    r = api(operator_desa_a, language="en").get(path, {"page_size": value})

    assert r.status_code == 400, r.json()
    assert r.json()["fields"] == {"page_size": ["Give a whole number from 1 to 100."]}


@pytest.mark.parametrize("path", LISTS)
def test_page_sizes_within_the_schema_are_served(api, operator_desa_a, path):
    for value in ["1", "100"]:
        r = api(operator_desa_a).get(path, {"page_size": value})

        assert r.status_code == 200, r.json()
        assert len(r.json()["results"]) <= int(value)


def test_the_message_is_indonesian_by_default(api, operator_desa_a):
    r = api(operator_desa_a).get("/api/v1/regions/", {"page_size": "0"})

    assert r.json()["fields"]["page_size"] == ["Isi bilangan bulat dari 1 sampai 100."]
