"""Complaints made through the real services, and moved along the real state machine."""

from complaints.models import Channel, Kind
from complaints.services import ReporterData, Submitted, complaint_submit, complaint_transition
from complaints.state import Action, Capacity, Status

REPORTER = ReporterData(
    name="Siti Rahmawati",
    nik="3207105505900001",
    phone="0812-3456-7890",
    address="Dusun Cikupa RT 02/RW 01, Jagabaya",
    email="siti@example.id",
)

# What the intake officer weighs at verify: urgency × impact (P3 here).
VERIFY = {"urgency": "medium", "impact": "medium"}

# The moves that lead from `submitted` to each state, and who makes them.
PATH: dict[str, list[tuple[str, str, dict]]] = {
    Status.SUBMITTED: [],
    Status.RECEIVED: [("receive", "officer", {})],
    Status.NEEDS_INFO: [("receive", "officer", {}), ("request_info", "officer", {"note": "Foto?"})],
    Status.REJECTED: [("receive", "officer", {}), ("reject", "officer", {"reason": "Ganda"})],
    Status.SPAM: [("dismiss_spam", "officer", {})],
    Status.VERIFIED: [("receive", "officer", {}), ("verify", "officer", VERIFY)],
    Status.ASSIGNED: [("receive", "officer", {}), ("verify", "officer", VERIFY),
                      ("assign", "officer", {})],
    Status.IN_PROGRESS: [("receive", "officer", {}), ("verify", "officer", VERIFY),
                         ("assign", "officer", {}), ("start", "handler", {})],
    Status.ANSWERED: [("receive", "officer", {}), ("verify", "officer", VERIFY),
                      ("assign", "officer", {}), ("start", "handler", {}),
                      ("answer", "handler", {"answer": "Sudah diperbaiki."})],
    Status.CLOSED: [("receive", "officer", {}), ("verify", "officer", VERIFY),
                    ("assign", "officer", {}), ("start", "handler", {}),
                    ("answer", "handler", {"answer": "Sudah diperbaiki."}),
                    ("confirm", "reporter", {"rating": 4})],
    Status.REOPENED: [("receive", "officer", {}), ("verify", "officer", VERIFY),
                      ("assign", "officer", {}), ("start", "handler", {}),
                      ("answer", "handler", {"answer": "Sudah diperbaiki."}),
                      ("object", "reporter", {"reason": "Masih tersumbat."})],
}  # fmt: skip


def submit(desa, *, actor=None, anonymous=False, channel=Channel.WEB, **overrides) -> Submitted:
    fields = {
        "desa_code": desa.code,
        "kind": Kind.COMPLAINT,
        "category_slug": "infrastruktur",
        "channel": channel,
        "title": "Gorong-gorong tersumbat",
        "description": "Air meluap ke jalan setiap hujan.",
        "anonymous": anonymous,
        "reporter": None if anonymous else REPORTER,
        "actor": actor,
    }
    return complaint_submit(**{**fields, **overrides})


def advance(complaint, status: str, *, officer, handler=None):
    """Move a submitted complaint to `status` along the usual path."""
    for action, who, fields in PATH[status]:
        if who == "reporter":
            complaint_transition(
                complaint=complaint,
                action=action,
                actor=None,
                as_capacity=Capacity.REPORTER,
                **fields,
            )
        else:
            actor = officer if who == "officer" else handler
            complaint_transition(complaint=complaint, action=action, actor=actor, **fields)
    complaint.refresh_from_db()
    return complaint


def complaint_in(status: str, desa, *, officer, handler=None, reporter=None, **overrides):
    complaint = submit(desa, actor=reporter, **overrides).complaint
    return advance(complaint, status, officer=officer, handler=handler)


__all__ = ["PATH", "REPORTER", "Action", "advance", "complaint_in", "submit"]
