"""Open311 `requests` over every complaint of the desa: the 90-day window, the cap of
OPEN311_MAX_ROWS and the query count. Each test counts the desa's rows it made itself, so
these tests stay on per-test data, apart from test_open311.py's `filed` (made once there)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from complaints.models import Category, Complaint
from complaints.services import category_ensure_defaults
from integrations.selectors import OPEN311_MAX_ROWS
from tests.complaints.factories import advance, submit
from tests.integrations.test_open311 import BASE, _requests, xml_of


@pytest.fixture
def web():
    return Client()


def test_requests_query_count_does_not_grow(
    web, desa_a, operator_desa_a, django_assert_max_num_queries
):
    for _ in range(5):
        advance(submit(desa_a).complaint, "received", officer=operator_desa_a)

    # the desa, the page (category, register entry and clock joined, the JSON written by
    # PostgreSQL, the rows' versions for the ETag)
    with django_assert_max_num_queries(2):
        r = _requests(web, desa_a)

    assert len(r.json()) == 5


def _bulk(desa, count: int, tag: str, days_ago: float) -> list[Complaint]:
    """`count` complaints submitted `days_ago` days ago, in one INSERT and one UPDATE."""
    category_ensure_defaults(desa=desa)
    category = Category.objects.filter(desa=desa, slug="infrastruktur").get()
    rows = Complaint.objects.bulk_create(
        Complaint(desa=desa, kind="complaint", category=category, channel="web",
                  title="Gorong-gorong tersumbat", description="Air meluap.", urgency="medium",
                  impact="medium", priority="P3", status="received",
                  tracking_code=f"{tag}{index:06d}"[-10:], pin_hash="x")
        for index in range(count)
    )  # fmt: skip
    moment = timezone.now() - timedelta(days=days_ago)
    Complaint.objects.filter(pk__in=[row.pk for row in rows]).update(submitted_at=moment)
    return rows


def test_requests_hold_at_most_1000_of_the_last_90_days(web, desa_a):
    inside = _bulk(desa_a, OPEN311_MAX_ROWS + 1, "IN", days_ago=89)
    _bulk(desa_a, 3, "OUT", days_ago=91)

    r = _requests(web, desa_a)

    assert r.status_code == 200
    codes = [row["service_request_id"] for row in r.json()]
    assert len(codes) == OPEN311_MAX_ROWS
    assert not [code for code in codes if code.startswith("OUT")]
    # all equally old: newest first by id, so the first one inserted is the one cut off
    assert inside[0].tracking_code not in codes
    assert codes[0] == inside[-1].tracking_code
    xml = web.get(f"{BASE}/requests.xml", {"jurisdiction_id": desa_a.code})
    assert len(xml_of(xml).findall("request")) == OPEN311_MAX_ROWS


def test_a_window_spans_at_most_90_days_and_an_open_start_reads_90_days_on(web, desa_a):
    _bulk(desa_a, 2, "OLD", days_ago=150)
    _bulk(desa_a, 1, "MID", days_ago=100)
    now = timezone.now()

    def codes(**params):
        r = _requests(web, desa_a, **params)
        assert r.status_code == 200, r.content
        return sorted(row["service_request_id"] for row in r.json())

    exactly_90 = {"start_date": (now - timedelta(days=160)).isoformat(),
                  "end_date": (now - timedelta(days=70)).isoformat()}  # fmt: skip
    assert codes(**exactly_90) == ["MID000000", "OLD000000", "OLD000001"]
    assert codes(start_date=(now - timedelta(days=120)).isoformat()) == ["MID000000"]
    a_second_more = {**exactly_90, "start_date": (now - timedelta(days=160, seconds=1)).isoformat()}
    r = _requests(web, desa_a, **a_second_more)
    assert r.status_code == 400
    assert r.json()[0]["code"] == 400
