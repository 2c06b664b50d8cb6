"""The inbox counts per state: one GROUP BY over what the actor may list; office staff only."""

from complaints.api.serializers import ComplaintCountsOut
from complaints.state import Status
from tests.accounts.factories import user_with
from tests.complaints.factories import complaint_in, submit

URL = "/api/v1/desa/32.07.10.2010/complaint-counts/"


def test_counts_every_state_of_the_desa_and_nothing_of_others(
    api, operator_desa_a, operator_desa_b, pejabat_desa_a, desa_a, desa_b
):
    submit(desa_a)
    submit(desa_a)
    complaint_in("received", desa_a, officer=operator_desa_a)
    complaint_in("assigned", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    submit(desa_b)

    response = api(operator_desa_a).get(URL)

    assert response.status_code == 200
    expected = dict.fromkeys(Status.values, 0) | {"submitted": 2, "received": 1, "assigned": 1}
    assert response.json() == expected


def test_only_the_intake_officer_and_village_head_of_the_desa_may_read_them(
    api, warga, operator_desa_a, operator_desa_b, pejabat_desa_a, kades_desa_a, camat_x,
    admin_kabupaten,
):  # fmt: skip
    assert api(operator_desa_a).get(URL).status_code == 200
    assert api(kades_desa_a).get(URL).status_code == 200
    for outsider in [warga, operator_desa_b, pejabat_desa_a, camat_x, admin_kabupaten]:
        assert api(outsider).get(URL).status_code == 404
    assert api().get(URL).status_code == 401
    assert (
        api(operator_desa_a).get("/api/v1/desa/99.99.99.9999/complaint-counts/").status_code == 404
    )


def test_a_village_head_of_another_desa_gets_404(api, desa_a, desa_b):
    kades_b = user_with("village_head", desa_b)
    assert api(kades_b).get(URL).status_code == 404


def test_counts_take_a_fixed_number_of_queries(
    api, operator_desa_a, desa_a, django_assert_max_num_queries
):
    for _ in range(5):
        submit(desa_a)
    client = api(operator_desa_a)
    client.get(URL)  # warm the membership cache like any later request

    # user, memberships, the desa, the scoping check for office staff, the GROUP BY
    with django_assert_max_num_queries(5):
        response = client.get(URL)
    assert response.json()["submitted"] == 5


def test_the_contract_names_every_state():
    assert set(ComplaintCountsOut().fields) == set(Status.values)
