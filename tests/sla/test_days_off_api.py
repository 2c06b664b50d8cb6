"""A desa's own days off through the API: who may read and change them, what is refused,
and how a day off moves running deadlines (and back) with the history saying so."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from sla.models import CalendarChange, CalendarDay, ComplaintSla
from sla.services import calendar_day_set
from tests.complaints.factories import complaint_in

WIB = ZoneInfo("Asia/Jakarta")
# Monday 2 March 2026, 09:00 WIB: "today" in every test of this module.
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=WIB)
URL = "/api/v1/desa/32.07.10.2010/days-off/"


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def persona(request):
    return request.getfixturevalue(request.param)


def _day_off(desa, day: date, name: str = "Merti desa"):
    return calendar_day_set(actor=None, day=day, kind="day_off", name=name, desa=desa)


# --- who may ---------------------------------------------------------------------------
# persona → (GET, POST, DELETE)
MATRIX = {
    "kades_desa_a": (200, 201, 200),
    "admin_kabupaten": (200, 201, 200),
    "operator_desa_a": (200, 403, 403),
    "pejabat_desa_a": (200, 403, 403),
    "camat_x": (200, 403, 403),
    "operator_desa_b": (404, 404, 404),
    "camat_y": (404, 404, 404),
    "warga": (404, 404, 404),
}


@pytest.mark.parametrize(
    ("persona", "expected"), list(MATRIX.items()), indirect=["persona"], ids=list(MATRIX)
)
def test_each_persona_gets_its_answer_to_list_declare_and_withdraw(persona, expected, api, desa_a):
    _day_off(desa_a, date(2026, 3, 12))
    client = api(persona)

    listed = client.get(URL)
    declared = client.post(URL, {"date": "2026-03-13", "reason": "Sedekah bumi"})
    withdrawn = client.delete(f"{URL}2026-03-12/")

    assert (listed.status_code, declared.status_code, withdrawn.status_code) == expected, (
        listed.json(),
        declared.json(),
        withdrawn.json(),
    )
    if expected[0] == 200:
        assert listed.json()["results"] == [{"date": "2026-03-12", "reason": "Merti desa"}]
    else:
        assert listed.json()["code"] == "not_found"
    if expected[1] == 201:
        assert declared.json() == {"date": "2026-03-13", "deadlines_moved": 0, "moved": []}
        assert withdrawn.json() == {"date": "2026-03-12", "deadlines_moved": 0, "moved": []}
        assert list(CalendarDay.objects.values_list("date", flat=True)) == [date(2026, 3, 13)]
    else:
        assert declared.json()["code"] in {"permission_denied", "not_found"}
        assert list(CalendarDay.objects.values_list("date", flat=True)) == [date(2026, 3, 12)]


def test_nobody_logged_in_gets_401(api, desa_a):
    r = api().get(URL)

    assert r.status_code == 401, r.json()
    assert r.json()["code"] == "not_authenticated"


def test_a_kecamatan_or_a_missing_code_is_not_found(api, admin_kabupaten, desa_a):
    client = api(admin_kabupaten)

    kecamatan = client.get("/api/v1/desa/32.07.10/days-off/")
    missing = client.get("/api/v1/desa/32.07.10.2999/days-off/")

    assert kecamatan.status_code == 404, kecamatan.json()
    assert missing.status_code == 404, missing.json()


def test_village_head_of_another_desa_cannot_declare_a_day_off_here(api, desa_a, desa_a2):
    from accounts.models import Role
    from tests.accounts.factories import user_with

    kades_a2 = user_with(Role.VILLAGE_HEAD, desa_a2, username="kades.a2")

    r = api(kades_a2).post(URL, {"date": "2026-03-13", "reason": "Sedekah bumi"})

    assert r.status_code == 404, r.json()
    assert not CalendarDay.objects.exists()


# --- the list ----------------------------------------------------------------------------
def test_the_list_is_newest_first_filters_by_year_and_shows_only_the_desa_own_days(
    api, kades_desa_a, desa_a, desa_a2
):
    _day_off(desa_a, date(2026, 3, 12), "Merti desa")
    _day_off(desa_a, date(2027, 1, 4), "Pelantikan BPD")
    _day_off(desa_a, date(2026, 8, 31), "Sedekah bumi")
    _day_off(desa_a2, date(2026, 3, 13), "Hari jadi Nagarajati")
    calendar_day_set(actor=None, day=date(2026, 3, 16), kind="holiday", name="Cuti SKB")
    client = api(kades_desa_a)

    everything = client.get(URL)
    of_2026 = client.get(URL, {"year": 2026})
    bad_year = client.get(URL, {"year": "tahun ini"})

    assert everything.status_code == 200, everything.json()
    assert [row["date"] for row in everything.json()["results"]] == [
        "2027-01-04",
        "2026-08-31",
        "2026-03-12",
    ]
    assert of_2026.json()["results"] == [
        {"date": "2026-08-31", "reason": "Sedekah bumi"},
        {"date": "2026-03-12", "reason": "Merti desa"},
    ]
    assert bad_year.status_code == 400, bad_year.json()
    assert list(bad_year.json()["fields"]) == ["year"]


def test_the_list_takes_a_fixed_number_of_queries(
    api, operator_desa_a, desa_a, django_assert_max_num_queries
):
    for day in (3, 4, 5, 6, 9, 10, 11, 12):
        _day_off(desa_a, date(2026, 3, day))
    client = api(operator_desa_a)

    # user, memberships, the desa, the count, the page
    with django_assert_max_num_queries(5):
        r = client.get(URL)

    assert r.status_code == 200, r.json()
    assert r.json()["count"] == 8


# --- what is refused ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2 Maret 2026", "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."),
        ("2026-02-27", "A day off can only be declared for today or a later date."),
        ("2026-03-07", "This is a Saturday or Sunday: not a working day already."),
        ("2026-03-19", "This is already a holiday (Hari Suci Nyepi)."),
        ("2028-01-03", "Choose a date no later than the end of next year."),
    ],
    ids=["not_a_date", "past", "saturday", "national_holiday", "too_far"],
)
def test_a_day_off_must_be_a_coming_working_day(api, kades_desa_a, desa_a, day, message):
    r = api(kades_desa_a, language="en").post(URL, {"date": day, "reason": "Kerja bakti"})

    assert r.status_code == 400, r.json()
    assert r.json()["code"] == "invalid"
    assert r.json()["fields"] == {"date": [message]}
    assert not CalendarChange.objects.exists()


def test_today_may_be_declared_off(api, kades_desa_a, desa_a):
    r = api(kades_desa_a).post(URL, {"date": "2026-03-02", "reason": "Duka desa"})

    assert r.status_code == 201, r.json()


def test_an_admin_added_holiday_is_refused_like_a_listed_one(api, kades_desa_a, desa_a):
    calendar_day_set(actor=None, day=date(2026, 3, 16), kind="holiday", name="Cuti SKB")

    r = api(kades_desa_a, language="en").post(URL, {"date": "2026-03-16", "reason": "Rapat"})

    assert r.status_code == 400, r.json()
    assert r.json()["fields"] == {"date": ["This is already a holiday (a holiday)."]}


def test_a_duplicate_day_off_is_a_400_on_the_date_and_keeps_the_first_reason(
    api, kades_desa_a, desa_a
):
    _day_off(desa_a, date(2026, 3, 12), "Merti desa")

    r = api(kades_desa_a, language="en").post(URL, {"date": "2026-03-12", "reason": "Lain"})

    assert r.status_code == 400, r.json()
    assert r.json()["fields"] == {"date": ["This day is already a day off of the desa."]}
    assert CalendarDay.objects.get().name == "Merti desa"


def test_a_reason_is_required(api, kades_desa_a, desa_a):
    r = api(kades_desa_a).post(URL, {"date": "2026-03-12", "reason": ""})

    assert r.status_code == 400, r.json()
    assert list(r.json()["fields"]) == ["reason"]


def test_withdrawing_a_date_that_is_not_a_day_off_is_not_found(api, kades_desa_a, desa_a, desa_a2):
    _day_off(desa_a2, date(2026, 3, 12))  # the neighbour's day off is not A's
    client = api(kades_desa_a, language="en")

    r = client.delete(f"{URL}2026-03-12/")
    malformed = client.delete(f"{URL}kemarin/")

    assert r.status_code == 404, r.json()
    assert r.json() == {
        "code": "not_found",
        "message": "This day is not a day off of the desa.",
        "fields": {},
    }
    assert malformed.status_code == 400, malformed.json()
    assert list(malformed.json()["fields"]) == ["date"]


def test_a_day_off_that_has_passed_cannot_be_withdrawn(api, kades_desa_a, desa_a):
    with time_machine.travel(datetime(2026, 2, 20, 9, 0, tzinfo=WIB), tick=False):
        _day_off(desa_a, date(2026, 2, 27))

    r = api(kades_desa_a, language="en").delete(f"{URL}2026-02-27/")

    assert r.status_code == 400, r.json()
    assert r.json()["fields"] == {"date": ["A day off that has passed cannot be withdrawn."]}
    assert CalendarDay.objects.filter(date=date(2026, 2, 27)).exists()


# --- what a day off does ----------------------------------------------------------------
def test_a_day_off_moves_a_running_deadline_and_withdrawing_it_moves_it_back(
    api, kades_desa_a, operator_desa_a, desa_a, desa_b, operator_desa_b
):
    # given: P3 (5 working days) received today, Monday 2 March: due Monday 9 March
    received = complaint_in("received", desa_a, officer=operator_desa_a)
    klero = complaint_in("received", desa_b, officer=operator_desa_b)
    head = api(kades_desa_a, language="en")

    # when
    declared = head.post(URL, {"date": "2026-03-05", "reason": "Merti desa Jagabaya"})

    # then
    assert declared.status_code == 201, declared.json()
    # the head sees which deadline moved, from when to when (Klero's did not)
    assert declared.json() == {
        "date": "2026-03-05",
        "deadlines_moved": 1,
        "moved": [
            {"tracking_code": received.tracking_code, "title": received.title,
             "due_before": "2026-03-09", "due_after": "2026-03-10"},
        ],
    }  # fmt: skip
    assert ComplaintSla.objects.get(complaint=received).due_on == date(2026, 3, 10)
    assert ComplaintSla.objects.get(complaint=klero).due_on == date(2026, 3, 9)
    detail = api(operator_desa_a, language="en").get(
        f"/api/v1/complaints/{received.tracking_code}/"
    )
    assert detail.status_code == 200, detail.json()
    assert detail.json()["sla"]["due_on"] == "2026-03-10"
    notes = [e["note"] for e in detail.json()["timeline"] if e["type"] == "note"]
    # the note is written in the writer's language; the reason is quoted as typed
    assert sum("Merti desa Jagabaya" in note for note in notes) == 1, notes

    # when
    withdrawn = head.delete(f"{URL}2026-03-05/")

    # then
    assert withdrawn.status_code == 200, withdrawn.json()
    assert withdrawn.json()["deadlines_moved"] == 1
    assert withdrawn.json()["moved"] == [
        {"tracking_code": received.tracking_code, "title": received.title,
         "due_before": "2026-03-10", "due_after": "2026-03-09"},
    ]  # fmt: skip
    assert ComplaintSla.objects.get(complaint=received).due_on == date(2026, 3, 9)
    assert not CalendarDay.objects.exists()
    detail = api(operator_desa_a, language="en").get(
        f"/api/v1/complaints/{received.tracking_code}/"
    )
    moves = [e["note"] for e in detail.json()["timeline"] if e["type"] == "note"]
    assert sum("Merti desa Jagabaya" in note for note in moves) == 2, moves


def test_both_changes_are_recorded_with_who_and_how_many_deadlines_moved(
    api, kades_desa_a, admin_kabupaten, operator_desa_a, desa_a
):
    complaint_in("received", desa_a, officer=operator_desa_a)

    api(kades_desa_a).post(URL, {"date": "2026-03-05", "reason": "Merti desa"})
    api(admin_kabupaten).delete(f"{URL}2026-03-05/")

    changes = CalendarChange.objects.order_by("id").values_list(
        "actor__username", "desa__code", "date", "change", "kind", "name", "deadlines_moved"
    )
    assert list(changes) == [
        ("kades.a", "32.07.10.2010", date(2026, 3, 5), "set", "day_off", "Merti desa", 1),
        ("admin.kab", "32.07.10.2010", date(2026, 3, 5), "cleared", "day_off", "Merti desa", 1),
    ]


def test_the_days_left_shown_count_a_new_day_off_at_once(
    api, kades_desa_a, operator_desa_a, desa_a
):
    # given: due Monday 9 March, 5 working days left; the page has been read (and its
    # calendar kept in the process for display)
    received = complaint_in("received", desa_a, officer=operator_desa_a)
    officer = api(operator_desa_a)
    url = f"/api/v1/complaints/{received.tracking_code}/"
    before = officer.get(url).json()["sla"]

    # when: Thursday becomes a day off
    api(kades_desa_a).post(URL, {"date": "2026-03-05", "reason": "Merti desa"})

    # then: the deadline moves a day and the days left stay five, not six
    after = officer.get(url).json()["sla"]
    assert (before["due_on"], after["due_on"]) == ("2026-03-09", "2026-03-10")
    assert before["remaining_working_days"] == after["remaining_working_days"] == 5
