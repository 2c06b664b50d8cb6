"""The inbox and the detail cost a fixed number of queries, however much data there is."""

from complaints.services import note_add
from tests.complaints.factories import complaint_in, submit


def test_inbox_query_count_does_not_grow_with_complaints(
    api, operator_desa_a, pejabat_desa_a, desa_a, django_assert_max_num_queries
):
    for status in ["submitted", "received", "assigned", "in_progress", "closed"] * 4:
        complaint_in(status, desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    client = api(operator_desa_a)

    # user, memberships, the scoping check for office staff, the page (category, desa joined)
    with django_assert_max_num_queries(4):
        r = client.get("/api/v1/complaints/?page_size=50")

    assert r.status_code == 200
    assert len(r.json()["results"]) == 20


def test_inbox_paginates_with_a_cursor(api, operator_desa_a, desa_a):
    for _ in range(5):
        submit(desa_a)
    client = api(operator_desa_a)

    first = client.get("/api/v1/complaints/?page_size=2").json()
    second = client.get(first["next"]).json()

    seen = [c["tracking_code"] for c in first["results"] + second["results"]]
    assert len(set(seen)) == 4
    assert "count" not in first  # no COUNT(*) over the whole desa on every page


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


def test_detail_query_count_does_not_grow_with_history(
    api, warga, operator_desa_a, pejabat_desa_a, desa_a, django_assert_max_num_queries
):
    def detail_queries(complaint):
        client = api(operator_desa_a)
        with django_assert_max_num_queries(9) as captured:
            r = client.get(f"/api/v1/complaints/{complaint.tracking_code}/")
        assert r.status_code == 200
        return len(captured.captured_queries)

    short = complaint_in("assigned", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    long = complaint_in(
        "reopened", desa_a, officer=operator_desa_a, handler=pejabat_desa_a, reporter=warga
    )
    for n in range(10):
        note_add(complaint=long, actor=pejabat_desa_a, body=f"Catatan {n}", visibility="public")

    assert detail_queries(long) == detail_queries(short)


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
