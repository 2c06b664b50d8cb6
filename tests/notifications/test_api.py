"""In-app notifications: my own only, with an unread count and mark-read."""

from notifications.models import Notification
from tests.complaints.factories import complaint_in


def test_handler_lists_reads_and_counts_own_notifications(
    api, desa_a, operator_desa_a, pejabat_desa_a
):
    complaint = complaint_in("assigned", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    client = api(pejabat_desa_a, language="en")

    listing = client.get("/api/v1/notifications/")
    before = client.get("/api/v1/notifications/unread-count/")
    [item] = listing.json()["results"]
    marked = client.post(f"/api/v1/notifications/{item['id']}/read/")
    again = client.post(f"/api/v1/notifications/{item['id']}/read/")
    after = client.get("/api/v1/notifications/unread-count/")

    assert listing.status_code == 200, listing.json()
    assert item["title"] == f"Complaint {complaint.tracking_code} is assigned to you"
    assert item["tracking_code"] == complaint.tracking_code
    assert before.json() == {"unread": 1}
    assert (marked.json(), again.json()) == ({"marked": 1}, {"marked": 0})
    assert after.json() == {"unread": 0}


def test_someone_elses_notification_is_not_found(api, desa_a, operator_desa_a, pejabat_desa_a):
    complaint_in("assigned", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    theirs = Notification.objects.get(recipient=pejabat_desa_a, channel="in_app")

    r = api(operator_desa_a).post(f"/api/v1/notifications/{theirs.pk}/read/")

    assert r.status_code == 404, r.json()
    assert r.json()["code"] == "not_found"


def test_mark_all_read_and_anonymous_is_refused(api, desa_a, operator_desa_a, pejabat_desa_a):
    for _ in range(2):
        complaint_in("assigned", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)

    r = api(pejabat_desa_a).post("/api/v1/notifications/read-all/")

    assert r.json() == {"marked": 2}
    assert api().get("/api/v1/notifications/").status_code == 401
