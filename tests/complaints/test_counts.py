"""The inbox counts per state and the village head's open / overdue / escalated figures:
one GROUP BY over what the actor may list; office staff of the desa only."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Membership, Role
from complaints.api.serializers import ComplaintCountsOut
from complaints.models import Complaint
from complaints.services import complaint_transition
from complaints.state import Status
from sla.models import ComplaintSla
from sla.services import sla_escalate
from tests.accounts.factories import MembershipFactory, UserFactory, user_with
from tests.complaints.factories import complaint_in, submit

FIGURES = {"open", "overdue", "escalated", "unassignable"}


def past_deadline(complaint, *, escalate: bool = False) -> None:
    """Move the complaint's running clock a day past its deadline (and let the sweep's
    escalation step run on it)."""
    now = timezone.now()
    ComplaintSla.objects.filter(complaint=complaint).update(deadline=now - timedelta(days=1))
    if escalate:
        assert sla_escalate(complaint_id=complaint.pk, now=now)


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
    figures = {"open": 4, "overdue": 0, "escalated": 0, "unassignable": 0}
    assert response.json() == expected | figures | {"most_reported": []}


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
    for _ in range(3):
        past_deadline(complaint_in("received", desa_a, officer=operator_desa_a), escalate=True)
    client = api(operator_desa_a)
    client.get(URL)  # warm the membership cache like any later request

    # user, memberships, the desa, the scoping check for office staff, the GROUP BY, the
    # most reported
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert response.json()["submitted"] == 5
    assert response.json()["escalated"] == 3 and response.json()["open"] == 8


def test_the_contract_names_every_state_and_the_overview_figures():
    assert set(ComplaintCountsOut().fields) == set(Status.values) | FIGURES | {"most_reported"}


def test_open_overdue_and_escalated_for_the_village_head(
    api, kades_desa_a, operator_desa_a, pejabat_desa_a, desa_a, desa_b
):
    officer, handler = operator_desa_a, pejabat_desa_a
    submit(desa_a)  # open, no clock yet
    on_time = complaint_in("assigned", desa_a, officer=officer, handler=handler)
    late = complaint_in("in_progress", desa_a, officer=officer, handler=handler)
    escalated = complaint_in("received", desa_a, officer=officer)
    answered_late = complaint_in("in_progress", desa_a, officer=officer, handler=handler)
    complaint_in("closed", desa_a, officer=officer, handler=handler)
    complaint_in("rejected", desa_a, officer=officer)
    past_deadline(late)
    past_deadline(escalated, escalate=True)
    past_deadline(answered_late, escalate=True)
    complaint_in("received", desa_b, officer=user_with("intake_officer", desa_b))
    # Answered after the escalation: its clock stops, it no longer waits on the office.
    complaint_transition(complaint=answered_late, action="answer", actor=handler, answer="Beres.")

    body = api(kades_desa_a).get(URL).json()

    assert on_time.sla.state == "running"
    assert (body["open"], body["overdue"], body["escalated"]) == (5, 2, 1)
    assert body["closed"] == 1 and body["rejected"] == 1 and body["answered"] == 1
    assert api(operator_desa_a).get(URL).json() == body


def test_outsiders_learn_nothing_not_even_that_the_desa_has_complaints(
    api, warga, operator_desa_b, pejabat_desa_a, camat_x, operator_desa_a, desa_a
):
    past_deadline(complaint_in("received", desa_a, officer=operator_desa_a), escalate=True)
    missing = api(operator_desa_b).get("/api/v1/desa/99.99.99.9999/complaint-counts/")

    for outsider in [warga, operator_desa_b, pejabat_desa_a, camat_x]:
        response = api(outsider).get(URL)
        assert response.status_code == 404
        assert response.json() == missing.json()


def test_unassignable_counts_and_lists_what_waits_on_a_holder_nobody_is(
    api, kades_desa_a, operator_desa_a, pejabat_desa_a, desa_a, desa_b
):
    officer, handler = operator_desa_a, pejabat_desa_a
    named = complaint_in("in_progress", desa_a, officer=officer, handler=handler)
    unnamed = complaint_in("assigned", desa_a, officer=officer, handler=handler)
    Complaint.objects.filter(pk=unnamed.pk).update(assigned_to=None)
    complaint_in("answered", desa_a, officer=officer, handler=handler)  # waits on the reporter
    other = user_with("intake_officer", desa_b)
    complaint_in("received", desa_b, officer=other)
    client = api(kades_desa_a)

    def figures() -> tuple[int, list[str]]:
        count = client.get(URL).json()["unassignable"]
        listed = client.get("/api/v1/complaints/?desa=32.07.10.2010&unassignable=true").json()
        return count, sorted(row["tracking_code"] for row in listed["results"])

    assert named.assigned_to_id == handler.pk and named.assigned_position
    assert figures() == (0, [])
    Membership.objects.filter(user=handler, region=desa_a).delete()  # the official left
    assert figures() == (2, sorted([named.tracking_code, unnamed.tracking_code]))
    successor = UserFactory()
    MembershipFactory(
        user=successor, role=Role.HANDLER, region=desa_a, position=named.assigned_position
    )
    # The position is held again: the unnamed one can be taken up; the named one still
    # waits on the official who left, until it is reassigned.
    assert figures() == (1, [named.tracking_code])
    successor.is_active = False
    successor.save(update_fields=["is_active"])
    assert figures() == (2, sorted([named.tracking_code, unnamed.tracking_code]))


def test_overdue_and_escalated_filter_the_list_like_the_counts(
    api, kades_desa_a, operator_desa_a, pejabat_desa_a, desa_a
):
    officer = operator_desa_a
    complaint_in("received", desa_a, officer=officer)
    late = complaint_in("received", desa_a, officer=officer)
    escalated = complaint_in("received", desa_a, officer=officer)
    past_deadline(late)
    past_deadline(escalated, escalate=True)
    client = api(kades_desa_a)
    counts = client.get(URL).json()
    for flag, expected in (("overdue", {late, escalated}), ("escalated", {escalated})):
        listed = client.get(f"/api/v1/complaints/?desa=32.07.10.2010&{flag}=true").json()
        codes = {row["tracking_code"] for row in listed["results"]}
        assert codes == {c.tracking_code for c in expected}
        assert counts[flag] == len(expected)


def test_the_overview_names_the_open_complaints_most_residents_reported(
    api,
    kades_desa_a,
    operator_desa_a,
    pejabat_desa_a,
    desa_a,
    desa_b,
    django_assert_max_num_queries,
):
    officer = operator_desa_a
    twice = complaint_in("verified", desa_a, officer=officer, title="Lampu jalan mati")
    thrice = complaint_in("received", desa_a, officer=officer, title="Gorong-gorong tersumbat")
    done = complaint_in("received", desa_a, officer=officer, title="Ditolak kemudian")
    for primary, joined in ((twice, 1), (thrice, 2), (done, 3)):
        for _ in range(joined):
            again = submit(desa_a).complaint
            complaint_transition(
                complaint=again, action="mark_duplicate", actor=officer,
                duplicate_of=primary.tracking_code,
            )  # fmt: skip
    complaint_transition(complaint=done, action="reject", actor=officer, reason="Sudah beres.")
    complaint_in("verified", desa_a, officer=officer)  # reported once: not named
    client = api(kades_desa_a)
    client.get(URL)

    with django_assert_max_num_queries(6):
        body = client.get(URL).json()

    assert [(row["title"], row["reporters_count"]) for row in body["most_reported"]] == [
        ("Gorong-gorong tersumbat", 3),
        ("Lampu jalan mati", 2),
    ]
    assert body["most_reported"][0]["tracking_code"] == thrice.tracking_code
