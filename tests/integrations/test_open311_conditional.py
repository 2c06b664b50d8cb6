"""Polling `GET requests`: a strong ETag and 304 on If-None-Match, a shared cache in Redis,
and neither ever serving an answer that is no longer the list (a move, a new complaint, a
publication, a request aging out of the 90 days) nor one meant for another way of seeing
(the public, an application with `complaints:read`)."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone, translation

from complaints.models import Complaint
from complaints.services import public_outcome_set
from integrations import selectors
from integrations.open311.presenters import service_requests
from tests.complaints.factories import advance, complaint_in, submit
from tests.integrations.factories import application

URL = "/open311/v2/requests.{fmt}"


@pytest.fixture
def web():
    return Client()


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


def test_a_poll_costs_the_desa_and_the_rows_versions(
    web, listed, desa_a, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):  # the desa, the rows' versions, the body
        first = ask(web, desa_a)
    with django_assert_max_num_queries(2):  # the body comes from the shared cache
        cached = ask(web, desa_a)
    with django_assert_max_num_queries(2):
        unchanged = ask(web, desa_a, etag=first["ETag"])
    with django_assert_max_num_queries(3):  # Cache-Control: no-cache builds it again
        fresh = web.get(
            URL.format(fmt="json"), {"jurisdiction_id": desa_a.code}, HTTP_CACHE_CONTROL="no-cache"
        )

    assert cached.content == first.content == fresh.content
    assert unchanged.status_code == 304


def _python_body(desa, full=False):
    rows = selectors.open311_requests(desa=desa, query=selectors.Open311Query())
    with translation.override("id"):  # what a request without Accept-Language reads
        return service_requests(rows, desa=desa, full=full)


def test_a_move_changes_the_next_answer_at_once(web, listed, desa_a, operator_desa_a):
    before = ask(web, desa_a)
    advance(listed[1], "received", officer=operator_desa_a)

    after = ask(web, desa_a, etag=before["ETag"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    statuses = {row["service_request_id"]: row["status_notes"] for row in after.json()}
    assert statuses != {row["service_request_id"]: row["status_notes"] for row in before.json()}
    assert after.json() == _jsonable(_python_body(desa_a))


def test_a_new_complaint_changes_the_next_answer_at_once(web, listed, desa_a):
    before = ask(web, desa_a)
    new = submit(desa_a).complaint

    after = ask(web, desa_a, etag=before["ETag"])

    assert after.status_code == 200
    assert new.tracking_code in [row["service_request_id"] for row in after.json()]
    assert len(after.json()) == len(before.json()) + 1


def test_a_publication_changes_the_etag_at_once(
    web, desa_a, operator_desa_a, pejabat_desa_a, kades_desa_a
):
    answered = complaint_in("answered", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    before = ask(web, desa_a)

    public_outcome_set(
        complaint=answered, actor=kades_desa_a, title="Gorong-gorong dibersihkan",
        outcome="Saluran dibuka kembali.", approved=True,
    )  # fmt: skip
    after = ask(web, desa_a, etag=before["ETag"])

    # Open311 lists no published outcome yet; the answer is built again all the same, so
    # the day it lists one the cache cannot hold the old text back.
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.json() == _jsonable(_python_body(desa_a))


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
