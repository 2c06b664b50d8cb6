"""Which reads go to the replica: the designated views only, until the request writes."""

import re
from contextlib import ExitStack, contextmanager

import pytest
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from common import dbrouting
from common.dbrouting import REPLICA, read_alias, read_from_replica
from common.rawsql import read_cursor
from complaints.models import Complaint
from regions.models import Region
from tests.complaints.factories import advance, submit
from tests.complaints.test_lifecycle_api import BODY
from tests.integrations.factories import application
from tests.process import free_port
from tests.replica.conftest import BOTH

pytestmark = [
    pytest.mark.usefixtures("replica_alias"),
    pytest.mark.django_db(transaction=True, databases=BOTH),
]


@contextmanager
def queries_per_alias():
    """The SQL each connection ran in the block: {"default": [...], "replica": [...]}."""
    with ExitStack() as stack:
        captured = {
            alias: stack.enter_context(CaptureQueriesContext(connections[alias]))
            for alias in ("default", REPLICA)
        }
        found: dict[str, list[str]] = {}
        yield found
    found.update({alias: [q["sql"] for q in c.captured_queries] for alias, c in captured.items()})


def touching(statements: list[str], table: str) -> list[str]:
    return [sql for sql in statements if re.search(rf"\b{table}\b", sql)]


@pytest.fixture
def received(desa_a, operator_desa_a):
    complaint = submit(desa_a).complaint
    return advance(complaint, "received", officer=operator_desa_a)


def test_a_kecamatan_report_reads_the_replica_and_its_caller_the_primary(received, camat_x, api):
    client = api(camat_x)

    with queries_per_alias() as found:
        r = client.get("/api/v1/reports/kecamatan/32.07.10/")

    assert r.status_code == 200, r.json()
    assert touching(found[REPLICA], "reports_summary")
    assert touching(found[REPLICA], "reports_desayear")  # the year's table of desa
    assert touching(found[REPLICA], "complaints_complaint")  # the live backlog
    assert not touching(found["default"], "reports_summary")
    assert not touching(found["default"], "reports_desayear")
    assert not touching(found["default"], "complaints_complaint")

    # Who is asking is read on the primary: a revoked membership counts at once. (The
    # report's own "unassignable" figure may read who holds a position on the replica.)
    def caller_reads(statements):
        return [sql for sql in touching(statements, "accounts_membership")
                if re.search(rf"WHERE u\.id = {camat_x.pk}\b", sql)]  # fmt: skip

    assert caller_reads(found["default"])
    assert not caller_reads(found[REPLICA])


def test_the_public_desa_page_and_region_listings_read_the_replica(received, api):
    client = api()

    with queries_per_alias() as found:
        assert client.get("/api/v1/reports/public/desa/32.07.10.2010/").status_code == 200
        assert client.get("/api/v1/regions/", {"parent": "32.07.10"}).status_code == 200
        assert client.get("/api/v1/regions/32.07.10.2010/").status_code == 200

    assert found["default"] == []
    assert touching(found[REPLICA], "regions_region")


def test_report_files_and_register_exports_read_the_replica(received, operator_desa_a, api):
    client = api(operator_desa_a)

    with queries_per_alias() as found:
        pdf = client.get("/api/v1/reports/desa/32.07.10.2010/file/xlsx/", {"period": "year"})
        book = client.post("/api/v1/desa/32.07.10.2010/register/export/csv/", {}, format="json")

    assert pdf.status_code == 200
    assert book.status_code == 200, book.content[:300]
    assert touching(found[REPLICA], "reports_tally")
    assert touching(found[REPLICA], "register_registerentry")
    assert not touching(found["default"], "register_registerentry")


def test_casework_reads_the_primary_even_with_a_replica(received, operator_desa_a, api):
    client = api(operator_desa_a)

    with queries_per_alias() as found:
        assert client.get("/api/v1/complaints/").status_code == 200
        assert client.get(f"/api/v1/complaints/{received.tracking_code}/").status_code == 200

    assert found[REPLICA] == []
    assert touching(found["default"], "complaints_complaint")


def test_a_resident_reads_back_the_complaint_just_sent_from_the_primary(desa_a, api):
    client = api()

    with queries_per_alias() as found:
        sent = client.post("/api/v1/complaints/", BODY)
        code, pin = sent.json()["tracking_code"], sent.json()["pin"]
        tracked = client.post("/api/v1/track/", {"code": code, "pin": pin})

    assert (sent.status_code, tracked.status_code) == (201, 200), tracked.content[:300]
    assert found[REPLICA] == []


def test_an_open311_listing_after_a_write_reads_the_primary_for_the_rest(received, desa_a):
    # The first use of a key records when it was used (a write); what the request reads
    # after that comes from the primary.
    _, raw = application(desa_a, "complaints:read")
    from django.test import Client

    with queries_per_alias() as found:
        r = Client().get(
            "/open311/v2/requests.json", {"jurisdiction_id": "32.07.10.2010", "api_key": raw}
        )

    assert r.status_code == 200
    assert touching(found["default"], "integrations_apikey")  # the touch
    assert touching(found["default"], "complaints_complaint")
    assert not touching(found[REPLICA], "complaints_complaint")


def test_an_open311_listing_without_writes_reads_the_replica(received, desa_a):
    from django.test import Client

    with queries_per_alias() as found:
        r = Client().get("/open311/v2/requests.json", {"jurisdiction_id": "32.07.10.2010"})

    assert r.status_code == 200
    assert [row["service_request_id"] for row in r.json()] == [received.tracking_code]
    assert found["default"] == []
    assert touching(found[REPLICA], "complaints_complaint")


def test_writing_in_a_replica_block_turns_the_rest_of_it_to_the_primary(desa_a):
    with read_from_replica():
        assert read_alias() == REPLICA
        assert Region.objects.get(pk=desa_a.pk)._state.db == REPLICA
        Region.objects.filter(pk=desa_a.pk).update(name="Jagabaya Baru")
        assert read_alias() == "default"
        assert Region.objects.get(pk=desa_a.pk)._state.db == "default"
    assert read_alias() == "default"


def test_reads_inside_a_transaction_stay_on_the_primary(desa_a):
    with read_from_replica(), transaction.atomic():
        assert Region.objects.get(pk=desa_a.pk)._state.db == "default"


def test_hand_written_reads_follow_the_same_choice(desa_a):
    def alias_of_raw_read() -> str:
        with read_cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.db.alias

    assert alias_of_raw_read() == "default"
    with read_from_replica():
        assert alias_of_raw_read() == REPLICA


def test_tasks_and_code_outside_a_view_read_the_primary(received):
    from django.utils import timezone

    from sla.tasks import due_ids

    with queries_per_alias() as found:
        due_ids(timezone.now())

    assert found[REPLICA] == []


def test_migrations_run_only_on_the_primary():
    assert router.allow_migrate("default", "complaints")
    assert not router.allow_migrate(REPLICA, "complaints")
    assert not router.allow_migrate_model(REPLICA, Complaint)


def test_a_replica_that_refuses_connections_sends_the_reads_to_the_primary(
    received, camat_x, api, caplog
):
    replica = connections[REPLICA]
    replica.close()
    port = replica.settings_dict["PORT"]
    replica.settings_dict["PORT"] = str(free_port())  # nothing listens there
    try:
        with CaptureQueriesContext(connections["default"]) as on_primary:
            r = api(camat_x).get("/api/v1/reports/kecamatan/32.07.10/")
        failed_over = dbrouting._replica_down_until > 0
        replica_connected = replica.connection is not None
    finally:
        replica.settings_dict["PORT"] = port
        dbrouting._replica_down_until = 0.0

    assert r.status_code == 200, r.json()
    assert failed_over and not replica_connected
    assert touching([q["sql"] for q in on_primary.captured_queries], "reports_summary")
    assert "replica unavailable, reading the primary" in caplog.text
