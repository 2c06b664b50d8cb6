"""Polling `GET requests`: a strong ETag and 304 on If-None-Match, a shared cache in Redis,
and neither ever serving an answer that is no longer the list (a move, a new complaint, a
category renamed, a deadline moved, a request aging out of the 90 days) nor one meant for
another way of seeing (the public, an application with `complaints:read`).

The ETag worked out last is remembered until a write that can change the list commits
(`listing.listing_changed`, run once the transaction commits): the tests' transaction never
commits, so their writes run their commit callbacks (`committed`), as a real commit would,
and one test commits for real."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone, translation

from accounts.models import Role
from complaints.models import Category, Complaint
from complaints.services import public_outcome_set
from integrations import selectors
from integrations.open311 import listing
from integrations.open311.presenters import service_requests
from sla.models import CalendarDay, ComplaintSla
from sla.services import calendar_day_set
from tests.accounts.factories import user_with
from tests.complaints.factories import advance, complaint_in, submit
from tests.integrations.factories import application
from tests.process import free_port
from tests.regions.factories import desa

URL = "/open311/v2/requests.{fmt}"


@pytest.fixture
def web():
    return Client()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """The block's writes commit: their commit callbacks run at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def listed(desa_a, operator_desa_a):
    """A received complaint of desa A with a location, and one still submitted."""
    received = submit(desa_a, latitude="-7.123456", longitude="108.654321").complaint
    return [advance(received, "received", officer=operator_desa_a), submit(desa_a).complaint]


def ask(web, desa, fmt="json", etag=None, **params):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return web.get(URL.format(fmt=fmt), {"jurisdiction_id": desa.code, **params}, **headers)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_poll_with_the_current_etag_is_answered_304_without_a_body(web, listed, desa_a, fmt):
    first = ask(web, desa_a, fmt)

    again = ask(web, desa_a, fmt, etag=first["ETag"])
    weak = ask(web, desa_a, fmt, etag=f'"other", W/{first["ETag"]}')
    stale = ask(web, desa_a, fmt, etag='"0123456789abcdef0123456789abcdef"')

    assert first.status_code == 200, first.content
    assert first["ETag"].startswith('"') and first["Cache-Control"] == "no-cache"
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])
    assert weak.status_code == 304
    assert (stale.status_code, stale.content) == (200, first.content)


def test_a_poll_while_nothing_changed_reads_only_the_desa(
    web, listed, desa_a, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):  # the desa, the body with its rows' versions
        first = ask(web, desa_a)
    with django_assert_max_num_queries(1):  # the desa; the ETag and body from the cache
        cached = ask(web, desa_a)
    with django_assert_max_num_queries(1):
        unchanged = ask(web, desa_a, etag=first["ETag"])
    with django_assert_max_num_queries(2):  # Cache-Control: no-cache: the desa, the body
        fresh = web.get(
            URL.format(fmt="json"), {"jurisdiction_id": desa_a.code}, HTTP_CACHE_CONTROL="no-cache"
        )

    assert cached.content == first.content == fresh.content
    assert unchanged.status_code == 304
    assert (cached["ETag"], unchanged["ETag"], fresh["ETag"]) == (first["ETag"],) * 3


def _python_body(desa, full=False):
    rows = selectors.open311_requests(desa=desa, query=selectors.Open311Query())
    with translation.override("id"):  # what a request without Accept-Language reads
        return service_requests(rows, desa=desa, full=full)


def test_a_move_changes_the_next_answer_at_once(web, listed, desa_a, operator_desa_a, committed):
    before = ask(web, desa_a)
    assert ask(web, desa_a, etag=before["ETag"]).status_code == 304  # remembered
    with committed():
        advance(listed[1], "received", officer=operator_desa_a)

    after = ask(web, desa_a, etag=before["ETag"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    statuses = {row["service_request_id"]: row["status_notes"] for row in after.json()}
    assert statuses != {row["service_request_id"]: row["status_notes"] for row in before.json()}
    assert after.json() == _jsonable(_python_body(desa_a))


def test_a_new_complaint_changes_the_next_answer_at_once(web, listed, desa_a, committed):
    before = ask(web, desa_a)
    assert ask(web, desa_a, etag=before["ETag"]).status_code == 304
    with committed():
        new = submit(desa_a).complaint

    after = ask(web, desa_a, etag=before["ETag"])

    assert after.status_code == 200
    assert new.tracking_code in [row["service_request_id"] for row in after.json()]
    assert len(after.json()) == len(before.json()) + 1


def test_a_publication_leaves_the_list_as_it_is(
    web, desa_a, operator_desa_a, pejabat_desa_a, kades_desa_a, committed
):
    answered = complaint_in("answered", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    before = ask(web, desa_a)

    with committed():
        public_outcome_set(
            complaint=answered, actor=kades_desa_a, title="Gorong-gorong dibersihkan",
            outcome="Saluran dibuka kembali.", approved=True,
        )  # fmt: skip
    after = ask(web, desa_a)

    # Open311 lists no published outcome, and the publication runs no hook: a remembered
    # ETag may stay, and its answer must stay right. The day a request shows its outcome,
    # `public_outcome_set` needs a hook (or the outcome is seen RECHECK_SECONDS late).
    assert {"public_title", "public_outcome"}.isdisjoint(listing._PAGE_COLUMNS)
    assert after.status_code == 200 and before.status_code == 200
    assert after.json() == before.json() == _jsonable(_python_body(desa_a))


def test_a_category_renamed_changes_the_next_answer_at_once(web, listed, desa_a, committed):
    before = ask(web, desa_a)
    category = Category.objects.get(desa=desa_a, slug="infrastruktur")

    with committed():
        category.name = "Jalan dan jembatan"
        category.save()
    after = ask(web, desa_a, etag=before["ETag"])

    assert after.status_code == 200
    assert {row["service_name"] for row in after.json()} == {"Jalan dan jembatan"}


def test_a_national_holiday_moving_deadlines_changes_the_next_answer_at_once(
    web, listed, desa_a, committed
):
    code = listed[0].tracking_code
    before = ask(web, desa_a)
    day = ComplaintSla.objects.get(complaint=listed[0]).due_on  # the clock's last working day
    assert day > timezone.localdate()

    with committed():
        calendar_day_set(actor=None, day=day, kind=CalendarDay.Kind.HOLIDAY, name="Libur")
    after = ask(web, desa_a, etag=before["ETag"])

    def expected(answer):
        return {row["service_request_id"]: row["expected_datetime"] for row in answer.json()}

    assert after.status_code == 200
    assert expected(after)[code] != expected(before)[code]
    assert after.json() == _jsonable(_python_body(desa_a))


def test_a_write_round_the_hooks_is_seen_once_the_etag_is_asked_again(web, listed, desa_a):
    before = ask(web, desa_a)
    Complaint.objects.filter(pk=listed[0].pk).update(status="in_progress")  # no hook runs

    soon = ask(web, desa_a, etag=before["ETag"])
    with time_machine.travel(timezone.now() + timedelta(seconds=listing.RECHECK_SECONDS + 1)):
        later = ask(web, desa_a, etag=before["ETag"])

    assert soon.status_code == 304
    assert later.status_code == 200
    assert later.json() == _jsonable(_python_body(desa_a))


def test_a_request_aging_out_of_the_90_days_changes_the_answer_without_any_write(
    web, listed, desa_a
):
    aging = submit(desa_a).complaint
    moment = timezone.now() - timedelta(days=89, hours=23)
    Complaint.objects.filter(pk=aging.pk).update(submitted_at=moment)
    before = ask(web, desa_a)

    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        after = ask(web, desa_a, etag=before["ETag"])

    assert aging.tracking_code in [row["service_request_id"] for row in before.json()]
    assert after.status_code == 200
    assert aging.tracking_code not in [row["service_request_id"] for row in after.json()]


def test_a_request_aging_out_before_the_etag_is_asked_again_leaves_at_once(web, listed, desa_a):
    aging = submit(desa_a).complaint
    moment = timezone.now() - selectors.OPEN311_WINDOW + timedelta(seconds=10)
    Complaint.objects.filter(pk=aging.pk).update(submitted_at=moment)
    before = ask(web, desa_a)

    with time_machine.travel(timezone.now() + timedelta(seconds=20)):
        after = ask(web, desa_a, etag=before["ETag"])

    assert listing.RECHECK_SECONDS > 20
    assert after.status_code == 200
    assert aging.tracking_code not in [row["service_request_id"] for row in after.json()]


@pytest.mark.django_db(transaction=True)
def test_a_committed_move_is_listed_by_the_next_answer():
    village = desa("32.07.10.2010", "Jagabaya", "JGB")
    officer = user_with(Role.INTAKE_OFFICER, village, username="petugas.commit")
    waiting = submit(village).complaint
    web = Client()
    before = ask(web, village)

    advance(waiting, "received", officer=officer)  # its own transaction, committed
    after = ask(web, village, etag=before["ETag"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "nomor register" in after.json()[0]["status_notes"]
    assert "nomor register" not in before.json()[0]["status_notes"]


def test_the_public_and_an_application_never_share_an_answer(web, listed, desa_a):
    _, raw = application(desa_a, "complaints:read")

    public = ask(web, desa_a)
    full = ask(web, desa_a, api_key=raw)
    full_with_public_etag = ask(web, desa_a, etag=public["ETag"], api_key=raw)
    public_with_full_etag = ask(web, desa_a, etag=full["ETag"])
    public_again = ask(web, desa_a)

    assert public["ETag"] != full["ETag"]
    assert full["Cache-Control"] == "private, no-cache"
    assert "Authorization" in full["Vary"]
    descriptions = {row["description"] for row in full.json()}
    assert descriptions == {"Air meluap ke jalan setiap hujan."}
    assert full_with_public_etag.status_code == 200
    assert full_with_public_etag.content == full.content
    assert public_with_full_etag.status_code == 200
    assert {row["description"] for row in public_again.json()} == {None}
    assert public_again.content == public.content


def test_an_application_of_another_region_shares_the_public_answer(web, listed, desa_a, desa_b):
    _, raw = application(desa_b, "complaints:read")

    public = ask(web, desa_a)
    outsider = ask(web, desa_a, api_key=raw)

    assert outsider["ETag"] == public["ETag"]
    assert {row["description"] for row in outsider.json()} == {None}


def test_each_language_has_its_own_answer(web, listed, desa_a):
    indonesian = ask(web, desa_a)
    english = web.get(
        URL.format(fmt="json"),
        {"jurisdiction_id": desa_a.code},
        HTTP_ACCEPT_LANGUAGE="en",
        HTTP_IF_NONE_MATCH=indonesian["ETag"],
    )

    assert english.status_code == 200
    assert english["ETag"] != indonesian["ETag"]
    assert english.json()[0]["status_notes"] != indonesian.json()[0]["status_notes"]


def _jsonable(body):
    import orjson

    from integrations.open311.formats import JSON_OPTIONS

    return orjson.loads(orjson.dumps(body, default=str, option=JSON_OPTIONS))


def test_a_process_keeps_its_last_bodies_within_its_limit():
    bodies = listing._Bodies(limit=10)

    bodies.put('"a"', b"12345")
    bodies.put('"b"', b"12345")
    bodies.get('"a"')  # the last used stays
    bodies.put('"c"', b"123")
    bodies.put('"big"', b"x" * 11)

    assert (bodies.get('"a"'), bodies.get('"b"'), bodies.get('"c"')) == (b"12345", None, b"123")
    assert bodies.get('"big"') is None
    assert bodies.size <= 10


def test_with_redis_unreachable_every_answer_is_the_current_list(
    web, listed, desa_a, operator_desa_a, settings, committed
):
    settings.CACHES = {
        "default": {
            "BACKEND": "common.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    before = ask(web, desa_a)
    with committed():
        advance(listed[1], "received", officer=operator_desa_a)

    after = ask(web, desa_a, etag=before["ETag"])

    assert before.status_code == 200
    assert after.status_code == 200
    assert after.json() == _jsonable(_python_body(desa_a)) != before.json()
