"""The inbox's filters and rows, and an anonymous submission's queries, on desa A holding
only each test's own complaints.

Moved as they are from test_queries.py, whose twenty complaints are built once for the
module: these tests list desa A's complaints exactly (or count the queries of telling its
intake officers, of whom there are none here), so they keep per-test data.
"""

from tests.complaints.factories import complaint_in, submit


def test_inbox_filters(api, operator_desa_a, pejabat_desa_a, desa_a):
    received = complaint_in("received", desa_a, officer=operator_desa_a)
    submit(desa_a, kind="suggestion", title="Usul posyandu")
    client = api(operator_desa_a)

    by_status = client.get("/api/v1/complaints/?status=received,verified").json()["results"]
    by_kind = client.get("/api/v1/complaints/?kind=suggestion").json()["results"]
    by_text = client.get("/api/v1/complaints/?search=posyandu").json()["results"]
    by_code = client.get(f"/api/v1/complaints/?search={received.tracking_code}").json()

    assert [c["tracking_code"] for c in by_status] == [received.tracking_code]
    assert [c["kind"] for c in by_kind] == ["suggestion"]
    assert [c["title"] for c in by_text] == ["Usul posyandu"]
    assert [c["tracking_code"] for c in by_code["results"]] == [received.tracking_code]
    assert client.get("/api/v1/complaints/?status=lost").status_code == 400


def test_hand_built_inbox_rows_match_the_documented_serializer(
    api, operator_desa_a, pejabat_desa_a, desa_a
):
    from complaints.api.serializers import ComplaintListOut
    from complaints.models import Complaint

    for status in ["submitted", "assigned", "closed"]:
        complaint_in(status, desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    for language in ["id", "en"]:
        rows = api(operator_desa_a, language=language).get("/api/v1/complaints/").json()
        from django.utils import translation

        with translation.override(language):
            expected = ComplaintListOut(
                Complaint.objects.order_by("-submitted_at", "-id"), many=True
            ).data

        assert rows["results"] == [dict(row) for row in expected]


def test_an_anonymous_submission_costs_a_fixed_handful_of_queries(
    api, desa_a, django_assert_max_num_queries
):
    body = {
        "desa": desa_a.code,
        "kind": "complaint",
        "category": "infrastruktur",
        "title": "Gorong-gorong tersumbat",
        "description": "Air meluap ke jalan setiap hujan.",
        "anonymous": True,
    }
    api().post("/api/v1/complaints/", body, format="json")  # the desa's categories exist now

    # the desa with its category, the insert, the desa's intake officers to tell (none
    # here), and the transaction's BEGIN and COMMIT
    with django_assert_max_num_queries(5):
        r = api().post("/api/v1/complaints/", body, format="json")

    assert r.status_code == 201
    assert r.json()["complaint"]["sla"] is None
