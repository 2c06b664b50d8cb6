"""An application's list costs the same few queries however many complaints its desa has.

Apart from test_client_api.py, whose desa A shares a received complaint among its tests: this
test counts exactly the six complaints it makes itself.
"""

from tests.complaints.factories import advance, submit
from tests.integrations.factories import application, keyed


def test_client_list_query_count_does_not_grow_with_complaints(
    desa_a, operator_desa_a, django_assert_max_num_queries
):
    for _ in range(6):
        advance(submit(desa_a).complaint, "received", officer=operator_desa_a)
    _, raw = application(desa_a, "complaints:read")
    caller = keyed(raw)

    # the key with its client and region, the count, the page (everything joined)
    with django_assert_max_num_queries(4):
        r = caller.get("/api/v1/client/complaints/")

    assert r.status_code == 200
    assert r.json()["count"] == 6
