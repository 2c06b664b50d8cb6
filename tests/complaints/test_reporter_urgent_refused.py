"""A resident's "mendesak?" answer that is not a yes or no is refused, and nothing is stored.

Moved here from test_reporter_urgent.py, whose complaints are built once for the module:
this test asserts that the table stays empty, so it keeps a module of its own, on per-test
data (none).
"""

import pytest

from complaints.models import Complaint
from tests.complaints.test_lifecycle_api import BODY

pytestmark = pytest.mark.django_db


def test_a_non_boolean_answer_is_400(api, desa_a):
    r = api().post("/api/v1/complaints/", {**BODY, "urgent": "sangat"}, format="json")

    assert r.status_code == 400 and "urgent" in r.json()["fields"], r.json()
    assert not Complaint.objects.exists()
