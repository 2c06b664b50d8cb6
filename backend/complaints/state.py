"""The state machine of a complaint: the one table of who may move it where.

Pure Python, no database: `complaints.services.complaint_transition` is the only writer of
`Complaint.status`, and it asks this module what a move leads to and who may make it.
The states follow the SOP of Desa Jagabaya (pengajuan → penerimaan → pencatatan →
distribusi → tindak lanjut → penyampaian hasil) and Desa Klero (verifikasi, konfirmasi).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RECEIVED = "received", _("Received")
    NEEDS_INFO = "needs_info", _("Waiting for more information")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    ASSIGNED = "assigned", _("Distributed")
    IN_PROGRESS = "in_progress", _("Being followed up")
    ANSWERED = "answered", _("Answer delivered")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened after an objection")
    # Set aside as spam: never takes a register number, counts in no report, and is
    # purged after SPAM_RETENTION_DAYS (docs/domain.md, Spam).
    SPAM = "spam", _("Spam")
    # Joined to another open complaint of the desa that reports the same thing: no second
    # handling; its reporter hears the primary's answer and closing (docs/domain.md).
    DUPLICATE = "duplicate", _("Joined to another complaint")
    # Not the desa's authority: sent on to the kecamatan, an agency or SP4N-LAPOR!. Final
    # for the desa; the SLA clock stops (docs/domain.md, Forwarding).
    FORWARDED = "forwarded", _("Forwarded")


class Action(models.TextChoices):
    RECEIVE = "receive", _("Receive")
    REQUEST_INFO = "request_info", _("Ask for more information")
    SUPPLY_INFO = "supply_info", _("Supply the information")
    VERIFY = "verify", _("Verify")
    REJECT = "reject", _("Reject")
    ASSIGN = "assign", _("Distribute")
    REASSIGN = "reassign", _("Redistribute")
    START = "start", _("Start the follow-up")
    ANSWER = "answer", _("Deliver the answer")
    CONFIRM = "confirm", _("Confirm and rate")
    OBJECT = "object", _("Object")
    CLOSE = "close", _("Close")
    PRIORITISE = "prioritise", _("Change the priority")
    DISMISS_SPAM = "dismiss_spam", _("Dismiss as spam")
    MARK_DUPLICATE = "mark_duplicate", _("Mark as a duplicate")
    FORWARD = "forward", _("Forward")


class Capacity(models.TextChoices):
    """In what capacity an actor stands before one complaint (see complaints.access)."""

    INTAKE = "intake", _("Intake officer of the desa")
    HEAD = "head", _("Village head")
    ASSIGNEE = "assignee", _("Official it is assigned to")
    REPORTER = "reporter", _("Reporter")
    # The intake officer recording what a reporter without the app told the office: a
    # confirmation, an objection or the information asked for (see `ON_BEHALF_ACTIONS`).
    ON_BEHALF = "on_behalf", _("Intake officer, on the reporter's behalf")
    SYSTEM = "system", _("System")
    # Never derived from memberships: `suggestion_box.services` claims it for the slips of
    # an opening its team records, so the team cannot receive other channels' complaints.
    BOX_TEAM = "box_team", _("Suggestion box team of the desa")


INTAKE = frozenset({Capacity.INTAKE})
HEAD = frozenset({Capacity.HEAD})
ASSIGNEE = frozenset({Capacity.ASSIGNEE})
REPORTER = frozenset({Capacity.REPORTER})
SYSTEM = frozenset({Capacity.SYSTEM})
BOX_TEAM = frozenset({Capacity.BOX_TEAM})
ON_BEHALF = frozenset({Capacity.ON_BEHALF})

# (from, action) -> (to, capacities that may make the move)
TRANSITIONS: dict[tuple[Status, Action], tuple[Status, frozenset[Capacity]]] = {
    # The box team receives the slips of a box opening it records (register number included).
    (Status.SUBMITTED, Action.RECEIVE): (Status.RECEIVED, INTAKE | BOX_TEAM),
    # Spam or a duplicate may be turned away before it takes a register number.
    (Status.SUBMITTED, Action.REJECT): (Status.REJECTED, INTAKE),
    # Promotions (loans, gambling) are set aside without a reply: the officer in bulk, the
    # system when a web submission fell into the honeypot or was filled in too fast.
    (Status.SUBMITTED, Action.DISMISS_SPAM): (Status.SPAM, INTAKE | SYSTEM),
    (Status.RECEIVED, Action.VERIFY): (Status.VERIFIED, INTAKE),
    (Status.RECEIVED, Action.REJECT): (Status.REJECTED, INTAKE),
    (Status.RECEIVED, Action.REQUEST_INFO): (Status.NEEDS_INFO, INTAKE),
    # The reporter answers online, or tells the office, which records it.
    (Status.NEEDS_INFO, Action.SUPPLY_INFO): (Status.RECEIVED, REPORTER | INTAKE | ON_BEHALF),
    (Status.VERIFIED, Action.ASSIGN): (Status.ASSIGNED, INTAKE | HEAD),
    (Status.ASSIGNED, Action.REASSIGN): (Status.ASSIGNED, INTAKE | HEAD),
    (Status.ASSIGNED, Action.START): (Status.IN_PROGRESS, ASSIGNEE),
    (Status.IN_PROGRESS, Action.REASSIGN): (Status.ASSIGNED, INTAKE | HEAD),
    # The official answers; the intake officer may also deliver it (SOP step 6).
    (Status.IN_PROGRESS, Action.ANSWER): (Status.ANSWERED, ASSIGNEE | INTAKE),
    # A reporter who came by the office, phoned or wrote has no PIN-holding app to answer
    # with: the intake officer records their word (`complaint_record_for_reporter`).
    (Status.ANSWERED, Action.CONFIRM): (Status.CLOSED, REPORTER | ON_BEHALF),
    (Status.ANSWERED, Action.OBJECT): (Status.REOPENED, REPORTER | ON_BEHALF),
    # Nobody objected within the objection window (the timer comes with the SLA work).
    (Status.ANSWERED, Action.CLOSE): (Status.CLOSED, SYSTEM),
    (Status.REOPENED, Action.ASSIGN): (Status.ASSIGNED, INTAKE | HEAD),
    # Urgency and impact are set at verify; the office may change them later, with a reason.
    (Status.VERIFIED, Action.PRIORITISE): (Status.VERIFIED, INTAKE | HEAD),
    (Status.ASSIGNED, Action.PRIORITISE): (Status.ASSIGNED, INTAKE | HEAD),
    (Status.IN_PROGRESS, Action.PRIORITISE): (Status.IN_PROGRESS, INTAKE | HEAD),
    (Status.REOPENED, Action.PRIORITISE): (Status.REOPENED, INTAKE | HEAD),
    # Another resident reported the same thing: joined to that (open) complaint, before
    # it is distributed. `complaint_transition` checks the primary (same desa, still open).
    (Status.SUBMITTED, Action.MARK_DUPLICATE): (Status.DUPLICATE, INTAKE),
    (Status.RECEIVED, Action.MARK_DUPLICATE): (Status.DUPLICATE, INTAKE),
    (Status.VERIFIED, Action.MARK_DUPLICATE): (Status.DUPLICATE, INTAKE),
    # Bukan wewenang desa: sent on, with a public reason, once received (it keeps its
    # register entry) and until the answer is delivered.
    (Status.RECEIVED, Action.FORWARD): (Status.FORWARDED, INTAKE | HEAD),
    (Status.VERIFIED, Action.FORWARD): (Status.FORWARDED, INTAKE | HEAD),
    (Status.ASSIGNED, Action.FORWARD): (Status.FORWARDED, INTAKE | HEAD),
    (Status.IN_PROGRESS, Action.FORWARD): (Status.FORWARDED, INTAKE | HEAD),
    (Status.REOPENED, Action.FORWARD): (Status.FORWARDED, INTAKE | HEAD),
}

TERMINAL = frozenset(
    {Status.REJECTED, Status.CLOSED, Status.SPAM, Status.DUPLICATE, Status.FORWARDED}
)
# States in which the complaint waits on the office; used for "open" counts and inbox order.
OPEN = frozenset(set(Status) - TERMINAL)
# The reports' "open now": received and waiting on the office (answered waits on the
# reporter; submitted is not yet received). A partial index holds exactly these rows.
WAITING = (Status.RECEIVED, Status.NEEDS_INFO, Status.VERIFIED, Status.ASSIGNED,
           Status.IN_PROGRESS, Status.REOPENED)  # fmt: skip


def target(status: str, action: str) -> Status | None:
    """Where `action` leads from `status`, or None if the table has no such move."""
    move = TRANSITIONS.get((Status(status), Action(action)))
    return move[0] if move else None


def may(status: str, action: str, capacities: set[str] | frozenset[str]) -> bool:
    move = TRANSITIONS.get((Status(status), Action(action)))
    return move is not None and bool(move[1] & set(capacities))


def moves_from(status: str) -> list[Action]:
    """Every action the table allows from `status`, whoever makes it."""
    return [action for (source, action) in TRANSITIONS if source == status]


def allowed_actions(status: str, capacities: set[str] | frozenset[str]) -> list[Action]:
    """The actions these capacities may take now, in table order."""
    return [action for action in moves_from(status) if may(status, action, capacities)]


# The moves a reporter makes with tracking code + PIN.
REPORTER_ACTIONS = (Action.SUPPLY_INFO, Action.CONFIRM, Action.OBJECT)

# The moves an intake officer may record on the reporter's behalf, for complaints that
# came through a channel staff type in (never web: a web reporter answers themselves).
ON_BEHALF_ACTIONS = (Action.SUPPLY_INFO, Action.CONFIRM, Action.OBJECT)

# Moves the reporter's timeline leaves out: the office's own weighing of the complaint.
STAFF_ONLY_MOVES = frozenset({Action.PRIORITISE, Action.DISMISS_SPAM})

# Moves whose note the reporter reads by its nature: the information asked for, what the
# reporter wrote (information supplied, objection, rating comment), the system's closing.
# Every other move's note is for the village staff unless its writer makes it public (the
# rejection reason and the answer are the reporter's in their own fields, not in the note).
PUBLIC_NOTES = frozenset({
    Action.REQUEST_INFO, Action.SUPPLY_INFO, Action.OBJECT, Action.CONFIRM, Action.CLOSE
})  # fmt: skip

# What a duplicate may be joined to: a received complaint the office still handles (not one
# merely submitted, which may yet be spam; not one answered, whose answer was delivered).
PRIMARY_STATES = frozenset(OPEN - {Status.SUBMITTED, Status.ANSWERED})
