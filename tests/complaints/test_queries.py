"""The inbox and the detail cost a fixed number of queries, however much data there is."""

from complaints.services import note_add
from tests.complaints.factories import complaint_in, submit


def test_inbox_query_count_does_not_grow_with_complaints(
    api, operator_desa_a, pejabat_desa_a, desa_a, django_assert_max_num_queries
):
    for status in ["submitted", "received", "assigned", "in_progress", "closed"] * 4:
        complaint_in(status, desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    client = api(operator_desa_a)

    # the user with memberships, the page (the desa's branch beside the personal one)
    with django_assert_max_num_queries(2):
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
        # user with memberships; the complaint (joined: desa, category, clock, register
        # entry, assignee) with its moves, notes and files as subqueries
        with django_assert_max_num_queries(2) as captured:
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


def test_a_handler_s_detail_stays_within_three_queries(
    api, operator_desa_a, pejabat_desa_a, desa_a, django_assert_max_num_queries
):
    complaint = complaint_in("in_progress", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    client = api(pejabat_desa_a)

    with django_assert_max_num_queries(3):  # the two above and whether a grant exists
        r = client.get(f"/api/v1/complaints/{complaint.tracking_code}/")

    assert r.status_code == 200 and r.json()["reporter_hidden"] is True


def test_hand_built_complaint_views_match_the_documented_serializers(
    api, warga, operator_desa_a, pejabat_desa_a, desa_a
):
    """The detail and the reporter's view are built by hand (presenters); the documented
    serializers, fed the same dicts, must render them unchanged: same keys, same types."""
    from complaints.api.serializers import ComplaintDetailOut, ComplaintPublicOut
    from complaints.models import Complaint
    from complaints.services import complaint_transition

    complaint = complaint_in(
        "answered",
        desa_a,
        officer=operator_desa_a,
        handler=pejabat_desa_a,
        reporter=warga,
        latitude="-7.123456",
        longitude="108.345678",
        location_text="Depan masjid",
    )
    note_add(complaint=complaint, actor=pejabat_desa_a, body="Sudah dicek.", visibility="staff")
    note_add(complaint=complaint, actor=pejabat_desa_a, body="Dikerjakan.", visibility="public")
    complaint_transition(
        complaint=Complaint.objects.get(pk=complaint.pk), actor=warga, action="confirm", rating=4
    )

    for user in [operator_desa_a, pejabat_desa_a, warga]:
        for language in ["id", "en"]:
            body = (
                api(user, language=language)
                .get(f"/api/v1/complaints/{complaint.tracking_code}/")
                .json()
            )
            assert ComplaintDetailOut(body).data == body
            assert body["latitude"] == "-7.123456" and body["rating"] == 4
            assert body["status"] == "closed" and body["sla"]["state"] == "stopped"
            public = {key: body[key] for key in ComplaintPublicOut().fields}
            assert ComplaintPublicOut(public).data == public
    reporter_notes = [e["note"] for e in body["timeline"] if e["type"] == "note"]
    assert reporter_notes == ["Dikerjakan."]  # the reporter's account sees public notes only


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
