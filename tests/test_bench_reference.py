"""The bench's reference row (bench/reference) must list the very page the inbox lists,
or `make bench`'s comparison of the two would compare different work."""

from django.test import override_settings

from tests.complaints.factories import complaint_in, submit


@override_settings(ROOT_URLCONF="bench.reference.urls")
def test_stock_drf_inbox_lists_the_inbox_page(
    api, operator_desa_a, operator_desa_b, pejabat_desa_a, desa_a, desa_b
):
    for status in ["submitted", "received", "needs_info", "assigned", "answered", "closed"]:
        complaint_in(status, desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    submit(desa_b)

    client = api(operator_desa_a)
    inbox = client.get("/api/v1/complaints/?page_size=50").json()["results"]
    stock = client.get("/api/bench/stock-inbox/?page_size=50").json()

    assert len(inbox) == 6
    assert sum(row["sla"] is not None for row in inbox) == 5  # clocks compared too
    assert stock["results"] == inbox
    assert stock["count"] == 6

    other_desa = api(operator_desa_b).get("/api/bench/stock-inbox/?page_size=50").json()
    assert [row["desa"]["code"] for row in other_desa["results"]] == [desa_b.code]
