"""Duplicates that cannot be joined: a finished or unreceived primary, a complaint already
being handled, and a typed code of a finished complaint shown with why it cannot gather.

A complaint of desa A in each state these tests name, the verified `primary` and a just
submitted `new` one are made once for the module (`built_once`): each test only tries a move
or a look-up, refused or rolled back at its end, and none counts or lists the desa's rows (so
they live apart from test_duplicates.py, whose inbox and look-alikes see the primary only).
"""

import pytest

from complaints.models import Complaint
from complaints.state import Status
from tests.complaints.factories import complaint_in, submit
from tests.complaints.test_duplicates import CULVERT, CULVERT_AGAIN, typed
from tests.complaints.test_lifecycle_api import move
from tests.conftest import handed_out, make_desa_a, make_operator_desa_a, make_pejabat_desa_a

STATES = ["submitted", "rejected", "assigned", "in_progress", "answered", "closed"]


def build_module() -> dict:
    """Each test refuses one move or reads one code, and any write rolls back: the
    complaints are made once for the module."""
    desa_a = make_desa_a()
    officer, handler = make_operator_desa_a(desa_a), make_pejabat_desa_a(desa_a)
    return {
        "operator_desa_a": officer,
        "pejabat_desa_a": handler,
        "primary": complaint_in("verified", desa_a, officer=officer, **CULVERT),
        "in_state": {
            status: complaint_in(status, desa_a, officer=officer, handler=handler)
            for status in STATES
        },
        "new": submit(desa_a, **CULVERT_AGAIN).complaint,
    }


(operator_desa_a,) = handed_out("operator_desa_a")


@pytest.fixture
def primary(built):
    """A verified complaint of desa A about the blocked culvert: open, joinable."""
    return built["primary"]


@pytest.fixture
def in_state(built):
    """A complaint of desa A in each of STATES (handled by `pejabat_desa_a`)."""
    return built["in_state"]


@pytest.fixture
def new(built):
    """A complaint of desa A just submitted (CULVERT_AGAIN), not yet received."""
    return built["new"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [("closed", 409), ("rejected", 409), ("answered", 409), ("submitted", 409)],
)
def test_a_finished_or_unreceived_primary_is_409(
    api, operator_desa_a, in_state, new, status, expected
):
    other = in_state[status]

    r = move(api(operator_desa_a), new.tracking_code, "mark_duplicate",
             duplicate_of=other.tracking_code)  # fmt: skip

    assert r.status_code == expected, r.json()
    assert other.tracking_code in r.json()["message"]
    assert Complaint.objects.get(pk=new.pk).status == Status.SUBMITTED


@pytest.mark.parametrize("status", ["assigned", "in_progress", "answered", "closed"])
def test_a_complaint_being_handled_cannot_be_marked_a_duplicate(
    api, operator_desa_a, primary, in_state, status
):
    late = in_state[status]

    r = move(api(operator_desa_a), late.tracking_code, "mark_duplicate",
             duplicate_of=primary.tracking_code)  # fmt: skip

    assert r.status_code == 409


def test_a_typed_code_of_a_finished_complaint_is_shown_with_why_it_cannot_gather(
    api, operator_desa_a, in_state, new
):
    done = in_state["closed"]

    r = typed(api(operator_desa_a), new.tracking_code, done.tracking_code)

    assert r.status_code == 200, r.json()
    assert (r.json()["status"], r.json()["joinable"]) == ("closed", False)
    assert done.tracking_code in r.json()["refusal"]
