"""A queued register export on both storages: built by the task into the storage, then
downloaded by its requester only — streamed, or through a presigned URL."""

import io
from datetime import UTC, datetime

import httpx
import pytest
import time_machine
from openpyxl import load_workbook

from register.exports import register_exports_purge
from register.models import RegisterExport
from register.tasks import build_export
from tests.conftest import TEST_IDENTITIES
from tests.register.factories import received

# Starts moto_server (tests/storage/s3_server.py).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

URL = "/api/v1/desa/32.07.10.2010/register/export/xlsx/"


@pytest.fixture
def queued(api, storage, desa_a, operator_desa_a, settings):
    """An export with identities, too large to build in the request, built by the task."""
    settings.REGISTER_EXPORT_INLINE_MAX_ROWS = 1
    with time_machine.travel(datetime(2026, 4, 6, 2, 0, tzinfo=UTC), tick=False):
        received(desa_a, operator_desa_a, count=2)
    r = api(operator_desa_a).post(URL, {"year": 2026, "with_identity": True})
    assert r.status_code == 202, r.json()
    export = RegisterExport.objects.get(token=r.json()["token"])
    build_export(export.pk)
    export.refresh_from_db()
    assert export.state == RegisterExport.State.DONE
    return export


def test_the_export_lands_in_the_storage_under_its_token(queued, storage):
    key = f"register-exports/{queued.token}/register-JGB-2026.xlsx"

    assert queued.file.name == key
    if storage.kind == "s3":
        assert storage.keys() == [key]
    # Identities are inside the file (with_identity), never in its name.
    assert not any(part in key for part in TEST_IDENTITIES)


def test_the_requester_downloads_the_workbook(api, queued, storage, operator_desa_a):
    r = api(operator_desa_a).get(f"/api/v1/register-exports/{queued.token}/file/")

    if storage.kind == "filesystem":
        assert r.status_code == 200, r.content
        body = b"".join(r.streaming_content)
    else:
        assert r.status_code == 302, r.content
        followed = httpx.get(r["Location"])
        assert followed.status_code == 200
        assert followed.headers["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert followed.headers["Content-Disposition"].startswith("attachment")
        body = followed.content
    assert load_workbook(io.BytesIO(body)).active.max_row == 3  # header + 2 entries


@pytest.mark.parametrize("persona", ["kades_desa_a", "operator_desa_b", "camat_x"])
def test_anyone_but_the_requester_gets_404_and_no_url(api, request, queued, persona):
    r = api(request.getfixturevalue(persona)).get(f"/api/v1/register-exports/{queued.token}/file/")

    assert r.status_code == 404, r.content
    assert "Location" not in r


def test_purging_old_exports_deletes_their_objects(queued, storage, settings):
    settings.REGISTER_EXPORT_KEEP_HOURS = 0

    assert register_exports_purge() == 1

    if storage.kind == "s3":
        assert storage.keys() == []
    assert not queued.file.storage.exists(queued.file.name)
