"""The office inbox: its hand-written statement returns what the ORM path returns, for
every filter; keyset pages walk forward and back without losing or repeating a row."""

from datetime import timedelta
from itertools import combinations

import pytest
from django.utils import timezone

from complaints.models import Complaint
from complaints.selectors import InboxFilters, Keyset, _office_rows, _orm_rows
from tests.accounts.factories import user_with
from tests.complaints.factories import complaint_in, submit

FILTERS = {
    "status": ["received", "submitted"],
    "kind": "suggestion",
    "category": "infrastruktur",
    "channel": "walk_in",
    "priority": "P2",
    "position": "kasi_pemerintahan",
    "search": "posyandu",
    "desa": "32.07.10.2010",
    "mine": True,
}


@pytest.fixture
def inbox(warga, operator_desa_a, pejabat_desa_a, desa_a, desa_a2):
    """Complaints of every kind in A (and one in A2), some with the same timestamp."""
    officer_a2 = user_with("intake_officer", desa_a2)
    complaint_in("assigned", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    complaint_in("received", desa_a, officer=operator_desa_a, reporter=warga)
    submit(desa_a, kind="suggestion", title="Usul posyandu lansia")
    submit(desa_a, actor=operator_desa_a, channel="walk_in", urgency="high", impact="high")
    submit(desa_a, category_slug="lingkungan", description="Sampah menumpuk dekat POSYANDU")
    submit(desa_a2, actor=officer_a2, channel="phone")
    for _ in range(6):
        submit(desa_a)
    # Ties: several complaints filed in the same microsecond must still page cleanly.
    same = timezone.now() - timedelta(days=3)
    Complaint.objects.filter(
        pk__in=list(Complaint.objects.values_list("pk", flat=True)[:5])
    ).update(submitted_at=same)
    return [desa_a.pk, desa_a2.pk]


def both(office_desa, actor, filters, page):
    by_hand = _office_rows(office_desa=office_desa, filters=filters, page=page, actor=actor)
    by_orm = _orm_rows(
        Complaint.objects.filter(desa_id__in=office_desa), filters=filters, page=page, actor=actor
    )
    return by_hand, by_orm


def test_every_filter_alone_and_in_pairs_gives_the_orm_s_rows(inbox, operator_desa_a):
    today = timezone.localdate()
    singles = [{key: value} for key, value in FILTERS.items()] + [
        {"submitted_from": today - timedelta(days=1)},
        {"submitted_to": today - timedelta(days=2)},
        {"submitted_from": today, "submitted_to": today},
    ]
    pairs = [a | b for a, b in combinations(singles[:9], 2)]
    nonempty = 0
    for combo in [{}, *singles, *pairs]:
        by_hand, by_orm = both(inbox, operator_desa_a, InboxFilters(**combo), Keyset(50))
        assert by_hand == by_orm, combo
        nonempty += bool(by_hand)
    assert nonempty > 20  # the comparisons are not between empty lists


def test_pages_walk_forward_and_back_alike(inbox, operator_desa_a):
    def by_hand(page):
        return _office_rows(
            office_desa=inbox, filters=InboxFilters(), page=page, actor=operator_desa_a
        )

    def by_orm(page):
        complaints = Complaint.objects.filter(desa_id__in=inbox)
        return _orm_rows(complaints, filters=InboxFilters(), page=page, actor=operator_desa_a)

    everything = by_orm(Keyset(100))
    for read in (by_hand, by_orm):
        seen, page = [], Keyset(3)
        while True:
            rows = read(page)
            seen += rows[:3]
            if len(rows) <= 3:
                break
            page = Keyset(3, after=(rows[2]["submitted_at"], rows[2]["id"]))
        last = everything[-1]
        newer = read(Keyset(3, before=(last["submitted_at"], last["id"])))

        assert [r["id"] for r in seen] == [r["id"] for r in everything]
        # A `before` page reads oldest first: the three just above the last row.
        assert [r["id"] for r in newer[:3]] == [r["id"] for r in reversed(everything[-4:-1])]


def test_the_api_links_lead_through_every_page_and_back(api, inbox, operator_desa_a, desa_a):
    client = api(operator_desa_a)
    first = client.get("/api/v1/complaints/?page_size=4").json()
    pages, body = [first], first
    while body["next"]:
        body = client.get(body["next"]).json()
        pages.append(body)
    back = client.get(pages[-1]["previous"]).json()

    codes = [row["tracking_code"] for page in pages for row in page["results"]]
    assert len(codes) == len(set(codes)) == Complaint.objects.filter(desa=desa_a).count() == 11
    assert first["previous"] is None and pages[-1]["next"] is None
    assert back["results"] == pages[-2]["results"]


@pytest.mark.parametrize("cursor", ["bm9wZQ", "!!", "YWZ0ZXJ8MjAyNi0xMS0yM3wx"])
def test_a_broken_page_link_is_a_clear_400(api, operator_desa_a, cursor, desa_a):
    r = api(operator_desa_a, language="en").get(f"/api/v1/complaints/?cursor={cursor}")

    assert r.status_code == 400
    assert r.json()["fields"]["cursor"] == ["This page link is not valid; start again."]
