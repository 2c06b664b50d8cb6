"""Complaints recorded by the intake officer (received at once), moved on from there."""

from complaints.services import complaint_transition
from tests.complaints.factories import PATH, submit


def recorded(desa, officer, *, channel="walk_in", **overrides):
    """A complaint the officer typed in: `Submitted` (complaint and PIN), already received."""
    return submit(desa, actor=officer, channel=channel, **overrides)


def moved(complaint, status: str, *, officer, handler=None):
    """Move a recorded (received) complaint on to `status` along the usual path; the
    reporter's own moves are left out (the caller makes them, on behalf or with the PIN)."""
    for action, who, fields in PATH[status]:
        if action == "receive" or who == "reporter":
            continue
        actor = officer if who == "officer" else handler
        complaint_transition(complaint=complaint, action=action, actor=actor, **fields)
    complaint.refresh_from_db()
    return complaint
