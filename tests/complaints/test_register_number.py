"""The register number reaches the reporter: on tracking, the detail and the received notice."""

import re

from django.utils import timezone

from tests.complaints.factories import advance, submit

NUMBER = re.compile(r"^\d{3}/PGD/JGB/\d{4}$")


def test_tracking_and_detail_show_the_register_number_once_received(
    api, operator_desa_a, desa_a, django_assert_max_num_queries
):
    submitted = submit(desa_a)
    code = submitted.complaint.tracking_code
    before = api().post("/api/v1/track/", {"code": code, "pin": submitted.pin}).json()

    advance(submitted.complaint, "received", officer=operator_desa_a)
    tracked = api().post("/api/v1/track/", {"code": code, "pin": submitted.pin}).json()
    detail = api(operator_desa_a).get(f"/api/v1/complaints/{code}/").json()

    assert before["register_number"] is None
    assert NUMBER.match(tracked["register_number"]), tracked["register_number"]
    assert detail["register_number"] == tracked["register_number"]
    assert tracked["register_number"].endswith(str(timezone.localdate().year))
