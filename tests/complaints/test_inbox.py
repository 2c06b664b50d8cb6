"""The inbox's hand-written statement returns what the ORM and `visible_complaints` return,
for every kind of person and every filter; keyset pages walk forward and back without
losing or repeating a row."""

from datetime import timedelta
from itertools import combinations

import pytest
from django.utils import timezone

from accounts.models import Position, Role
from complaints.models import Complaint
from complaints.reads.inbox import (
    SORTS,
    InboxFilters,
    InboxSort,
    Keyset,
    complaint_list,
    complaint_list_orm,
)
from complaints.services import complaint_transition
from regions.models import Region
from sla.models import ClockState, ComplaintSla
from tests.accounts.factories import MembershipFactory, UserFactory, user_with
from tests.complaints.factories import advance, complaint_in, submit
from tests.conftest import (
    make_desa_a,
    make_desa_a2,
    make_desa_b,
    make_kades_desa_a,
    make_operator_desa_a,
    make_pejabat_desa_a,
    make_warga,
)

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
    "overdue": True,
    "escalated": True,
    "unassignable": True,
    "unassigned": True,
}


def build_module() -> dict:
    """Complaints of every kind in A, some in A2 and B, some filed in the same microsecond;
    and everyone who sees some of them in a different way, by name. Each test only reads
    their complaints, or writes and is rolled back: they are made once for the module."""
    desa_a, desa_a2, desa_b = make_desa_a(), make_desa_a2(), make_desa_b()
    warga = make_warga(desa_a)
    operator_desa_a = make_operator_desa_a(desa_a)
    pejabat_desa_a = make_pejabat_desa_a(desa_a)
    kades_desa_a = make_kades_desa_a(desa_a)
    officer_a2 = user_with(Role.INTAKE_OFFICER, desa_a2)
    box_a = user_with(Role.BOX_TEAM, desa_a)
    sekdes_a = UserFactory()
    MembershipFactory(user=sekdes_a, role=Role.HANDLER, region=desa_a, position=Position.SEKDES)
    # An intake officer of A who also reported in B as a resident and handles in A2.
    official = user_with(Role.INTAKE_OFFICER, desa_a)
    MembershipFactory(
        user=official, role=Role.HANDLER, region=desa_a2, position=Position.KASI_PELAYANAN
    )

    complaint_in("assigned", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    complaint_in("received", desa_a, officer=operator_desa_a, reporter=warga)
    submit(desa_a, kind="suggestion", title="Usul posyandu lansia", actor=warga)
    submit(desa_a, actor=operator_desa_a, channel="walk_in", urgency="high", impact="high")
    submit(desa_a, category_slug="lingkungan", description="Sampah menumpuk dekat POSYANDU")
    submit(desa_a, channel="suggestion_box", actor=box_a)
    submit(desa_a2, actor=officer_a2, channel="phone")
    submit(desa_b, actor=official, title="Jalan rusak di Klero")
    to_sekdes = submit(desa_a).complaint
    advance(to_sekdes, "verified", officer=operator_desa_a)
    complaint_transition(
        complaint=to_sekdes, actor=operator_desa_a, action="assign", position=Position.SEKDES
    )
    to_a2 = submit(desa_a2).complaint
    advance(to_a2, "verified", officer=officer_a2)
    complaint_transition(
        complaint=to_a2, actor=officer_a2, action="assign", position=Position.KASI_PELAYANAN
    )
    for _ in range(5):
        submit(desa_a)
    same = timezone.now() - timedelta(days=3)
    tied = list(Complaint.objects.values_list("pk", flat=True)[:6])
    Complaint.objects.filter(pk__in=tied).update(submitted_at=same)
    return {
        "operator": operator_desa_a,
        "head": kades_desa_a,
        "official": official,
        "handler": pejabat_desa_a,
        "sekdes": sekdes_a,
        "box": box_a,
        "resident": warga,
        "officer_a2": officer_a2,
    }


@pytest.fixture
def people(built):
    return built


@pytest.fixture
def desa_a(people):
    return Region.objects.get(code="32.07.10.2010")


@pytest.fixture
def operator_desa_a(people):
    return people["operator"]


@pytest.mark.slow  # a sweep of every combination: seconds
def test_every_filter_alone_and_in_pairs_for_everyone_gives_the_orm_s_rows(people):
    today = timezone.localdate()
    singles = [{key: value} for key, value in FILTERS.items()] + [
        {"submitted_from": today - timedelta(days=1)},
        {"submitted_to": today - timedelta(days=2)},
        {"submitted_from": today, "submitted_to": today},
    ]
    combos = [{}, *singles, *(a | b for a, b in combinations(singles[:9], 2))]
    nonempty = 0
    for name, person in people.items():
        for combo in combos:
            filters = InboxFilters(**combo)
            expected = complaint_list_orm(actor=person, filters=filters, page=Keyset(50))
            assert complaint_list(actor=person, filters=filters, page=Keyset(50)) == expected, (
                name,
                combo,
            )
            nonempty += bool(expected)
    assert nonempty > 100  # the comparisons are not between empty lists
    seen = complaint_list_orm(actor=people["official"], filters=InboxFilters(), page=Keyset(50))
    official_sees = {r.title for r in seen}
    assert "Jalan rusak di Klero" in official_sees  # the branch beside the office's


@pytest.mark.parametrize("name", ["operator", "official", "resident"])
def test_pages_walk_forward_and_back_like_the_orm(people, name):
    person = people[name]
    everything = complaint_list_orm(actor=person, filters=InboxFilters(), page=Keyset(100))
    seen, page = [], Keyset(3)
    while True:
        rows = complaint_list(actor=person, filters=InboxFilters(), page=page)
        assert rows == complaint_list_orm(actor=person, filters=InboxFilters(), page=page)
        seen += rows[:3]
        if len(rows) <= 3:
            break
        page = Keyset(3, after=(rows[2].submitted_at, rows[2].id))
    last = everything[-1]
    newer = complaint_list(
        actor=person,
        filters=InboxFilters(),
        page=Keyset(3, before=(last.submitted_at, last.id)),
    )

    assert [r.id for r in seen] == [r.id for r in everything]
    # A `before` page reads oldest first: the rows just above the last one.
    assert [r.id for r in newer[:3]] == [r.id for r in reversed(everything[-4:-1])]


def test_the_api_links_lead_through_every_page_and_back(api, people, desa_a):
    client = api(people["operator"])
    first = client.get("/api/v1/complaints/?page_size=4").json()
    pages, body = [first], first
    while body["next"]:
        body = client.get(body["next"]).json()
        pages.append(body)
    back = client.get(pages[-1]["previous"]).json()

    codes = [row["tracking_code"] for page in pages for row in page["results"]]
    assert len(codes) == len(set(codes)) == Complaint.objects.filter(desa=desa_a).count()
    assert first["previous"] is None and pages[-1]["next"] is None
    assert back["results"] == pages[-2]["results"]


def test_the_office_inbox_is_one_statement_beside_the_login(api, people, django_assert_num_queries):
    client = api(people["official"])
    client.get("/api/v1/complaints/?page_size=1")  # the desks' working calendars, now cached

    with django_assert_num_queries(2):  # the user with memberships, the page
        r = client.get("/api/v1/complaints/?page_size=50&status=submitted,received")

    assert r.status_code == 200 and r.json()["results"]


@pytest.mark.parametrize("cursor", ["bm9wZQ", "!!", "YWZ0ZXJ8MjAyNi0xMS0yM3wx"])
def test_a_broken_page_link_is_a_clear_400(api, operator_desa_a, cursor, desa_a):
    r = api(operator_desa_a, language="en").get(f"/api/v1/complaints/?cursor={cursor}")

    assert r.status_code == 400
    assert r.json()["fields"]["cursor"] == ["This page link is not valid; start again."]


def test_the_inbox_writes_integer_ids_into_its_text_and_binds_the_rest():
    from complaints.reads.inbox import _integers_written_in

    sql, params = _integers_written_in(
        "c.desa_id IN (%s, %s) AND c.anonymous = %s AND c.assigned_position = %s",
        [4, 7, True, "sekdes"],
    )

    # Ids decide the plan and cannot carry SQL; a bool or a string stays a parameter.
    assert sql == "c.desa_id IN (4, 7) AND c.anonymous = %s AND c.assigned_position = %s"
    assert params == [True, "sekdes"]


def test_a_repeated_status_filter_keeps_every_value_as_the_schema_declares(api, people, desa_a):
    client = api(people["operator"])
    wanted = {"submitted", "received"}
    expected = Complaint.objects.filter(desa=desa_a, status__in=wanted).count()

    repeated = client.get("/api/v1/complaints/?page_size=100&status=submitted&status=received")
    commas = client.get("/api/v1/complaints/?page_size=100&status=submitted,received")

    assert repeated.status_code == 200, repeated.json()
    assert {row["status"] for row in repeated.json()["results"]} == wanted
    assert len(repeated.json()["results"]) == expected
    assert repeated.json()["results"] == commas.json()["results"]


def test_mine_holds_the_work_assigned_to_my_position_with_nobody_named(
    api, people, desa_a, operator_desa_a
):
    """With two Sekretaris Desa, a complaint assigned to the position names nobody: it is the
    work of both, and "Tugas saya" (`mine`) lists it for each of them and for nobody else."""
    second_sekdes = UserFactory()
    MembershipFactory(
        user=second_sekdes, role=Role.HANDLER, region=desa_a, position=Position.SEKDES
    )
    shared = submit(desa_a, title="Surat keterangan belum terbit").complaint
    advance(shared, "verified", officer=operator_desa_a)
    complaint_transition(
        complaint=shared, actor=operator_desa_a, action="assign", position=Position.SEKDES
    )
    shared.refresh_from_db()
    assert shared.assigned_to is None  # two holders: nobody named

    everyone = {**people, "second_sekdes": second_sekdes}
    listed = {
        name: {
            c["title"] for c in api(person).get("/api/v1/complaints/?mine=true").json()["results"]
        }
        for name, person in everyone.items()
    }
    assert shared.title in listed["sekdes"]
    assert shared.title in listed["second_sekdes"]
    assert [name for name, titles in listed.items() if shared.title in titles] == [
        "sekdes",
        "second_sekdes",
    ]


@pytest.fixture
def sortable(people):
    """`people`, with clocks in every state and deadlines apart (and two alike), titles
    in mixed case and one complaint received long ago."""
    clocks = list(ComplaintSla.objects.order_by("complaint_id"))
    assert len(clocks) >= 4
    now = timezone.now()
    for n, clock in enumerate(clocks):
        clock.deadline = now + timedelta(days=[-2, 5, 5, 1][n % 4])
        clock.state = ClockState.PAUSED if n == 1 else clock.state
    ComplaintSla.objects.bulk_update(clocks, ["deadline", "state"])
    Complaint.objects.filter(pk=clocks[0].complaint_id).update(title="akses jalan putus")
    Complaint.objects.filter(pk=clocks[-1].complaint_id).update(
        received_at=now - timedelta(days=40)
    )
    return people


# The sorts run in one test over one `sortable` (one fixture for every sort); the
# failing sort is named in each assertion's message.
@pytest.mark.slow  # a sweep of every combination: seconds
def test_every_sort_both_ways_gives_the_orm_s_rows_page_by_page(sortable):
    for sort in SORTS:
        _assert_pages_like_the_orm(sortable, sort)


def _assert_pages_like_the_orm(sortable, sort: str) -> None:
    order = InboxSort.parse(sort)
    for name in ("operator", "official", "resident", "handler"):
        person = sortable[name]
        everything = complaint_list_orm(
            actor=person, filters=InboxFilters(), page=Keyset(100, sort=order)
        )
        whole = Keyset(100, sort=order)
        assert complaint_list(actor=person, filters=InboxFilters(), page=whole) == everything, (
            sort,
            name,
        )
        seen, page = [], Keyset(3, sort=order)
        while True:
            rows = complaint_list(actor=person, filters=InboxFilters(), page=page)
            expected = complaint_list_orm(actor=person, filters=InboxFilters(), page=page)
            assert rows == expected, (sort, name, page)
            seen += rows[:3]
            if len(rows) <= 3:
                break
            page = Keyset(3, after=order.position(rows[2]), sort=order)
        assert seen == everything, (sort, name)
        if len(everything) > 4:
            # A `before` page reads backwards: the rows just above the last one.
            last = everything[-1]
            page = Keyset(3, before=order.position(last), sort=order)
            assert (
                complaint_list(actor=person, filters=InboxFilters(), page=page)[:3]
                == (everything[-4:-1][::-1])
            ), (sort, name)


def _order_of(client, query: str) -> list[dict]:
    """Every row the API lists for `query`, following its `next` links (pages of 4)."""
    body = client.get(f"/api/v1/complaints/?page_size=4&{query}").json()
    rows = body["results"]
    while body["next"]:
        r = client.get(body["next"])
        assert r.status_code == 200, r.json()
        body = r.json()
        rows += body["results"]
    return rows


def test_the_deadline_sort_lists_running_clocks_overdue_first_then_the_rest(api, sortable, desa_a):
    rows = _order_of(api(sortable["operator"]), "sort=deadline")

    running = [r for r in rows if r["sla"] and r["sla"]["state"] == "running"]
    assert rows[: len(running)] == running and len(running) >= 3
    assert running[0]["sla"]["overdue"] and not running[-1]["sla"]["overdue"]
    deadlines = [r["sla"]["deadline"] for r in running]
    assert deadlines == sorted(deadlines)
    rest = [r["submitted_at"] for r in rows[len(running) :]]
    assert rest == sorted(rest)
    assert len(rows) == Complaint.objects.filter(desa=desa_a).count()
    backwards = _order_of(api(sortable["operator"]), "sort=-deadline")
    assert [r["tracking_code"] for r in backwards] == [r["tracking_code"] for r in rows][::-1]


COLUMN_OF_SORT = {
    "code": lambda r: r["tracking_code"],
    "title": lambda r: r["title"],
    "category": lambda r: r["category"]["name"],
    "channel": lambda r: r["channel"],
    "priority": lambda r: (r["priority"], -r["reporters_count"]),
    "submitted": lambda r: r["submitted_at"],
    "received": lambda r: (r["received_at"] is None, r["received_at"] or r["submitted_at"]),
    "position": lambda r: (not r["assigned_position"], r["assigned_position"]),
    "status": lambda r: ["submitted", "received", "verified", "assigned"].index(r["status"]),
}


def test_each_sort_orders_the_desk_s_rows_by_its_column_both_ways(api, sortable):
    client = api(sortable["operator"])

    for sort, value in COLUMN_OF_SORT.items():
        up = _order_of(client, f"sort={sort}")
        down = _order_of(client, f"sort=-{sort}")

        assert [value(r) for r in up] == sorted(value(r) for r in up), sort
        assert [value(r) for r in down] == sorted((value(r) for r in down), reverse=True), sort
        assert len({value(r) for r in up}) > 1, sort  # the column tells the rows apart
        assert {r["tracking_code"] for r in up} == {r["tracking_code"] for r in down}, sort


@pytest.mark.parametrize("sort", ["deadlin", "-", "--code", "id", "submitted_at"])
def test_an_unknown_sort_is_a_400_that_names_the_field(api, operator_desa_a, sort):
    r = api(operator_desa_a, language="en").get(f"/api/v1/complaints/?sort={sort}")

    assert r.status_code == 400, r.json()
    assert list(r.json()["fields"]) == ["sort"]


def test_a_page_link_made_for_another_sort_is_a_400(api, sortable):
    client = api(sortable["operator"], language="en")
    link = client.get("/api/v1/complaints/?page_size=2&sort=deadline").json()["next"]

    r = client.get(link.replace("sort=deadline", "sort=title"))

    assert r.status_code == 400, r.json()
    assert r.json()["fields"]["cursor"] == ["This page link is not valid; start again."]


def test_a_sorted_page_is_one_statement_beside_the_login(
    api, sortable, django_assert_max_num_queries
):
    client = api(sortable["official"])
    for sort in ("deadline", "-priority", "title", "status"):
        query = f"/api/v1/complaints/?page_size=3&status=submitted,received&sort={sort}"
        first = client.get(query)
        assert first.json()["next"], sort

        with django_assert_max_num_queries(2):  # the user with memberships, the page
            r = client.get(first.json()["next"])

        assert r.status_code == 200 and r.json()["results"], (sort, r.json())


def test_unassigned_lists_only_what_no_position_holds_yet(api, sortable):
    rows = _order_of(api(sortable["operator"]), "unassigned=true&sort=code")

    assert rows and all(r["assigned_position"] == "" for r in rows)
    everything = _order_of(api(sortable["operator"]), "sort=code")
    assert len(rows) == sum(r["assigned_position"] == "" for r in everything) < len(everything)
