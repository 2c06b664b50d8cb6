"""Every write to a complaint, by use case:

- `submission`: filing a complaint (`complaint_submit`) and a desa's default categories;
- `transitions`: the moves of the state machine (`complaint_transition`, the only writer of
  a complaint's status), in bulk and on the reporter's behalf;
- `actions`: what each move takes and does, one typed handler per action;
- `priority`: urgency × impact and the priority the forms suggest;
- `follow_up`: notes, the answer's draft, the walk-in's PIN, the forwarding's reference,
  "what was done" and the purge of old spam;
- `reporter_identity`: reading and granting the reporter's identity.

The names other apps use are importable from here, as `complaints.services.<name>`.
"""

from complaints.services.follow_up import (
    PIN_CHANNELS,
    PUBLISHABLE,
    answer_draft_save,
    complaint_pin_send,
    forwarding_reference_set,
    note_add,
    public_outcome_set,
    spam_purge,
)
from complaints.services.priority import (
    PRIORITY_MATRIX,
    PrioritySuggestion,
    priority_of,
    priority_suggested,
)
from complaints.services.reporter_identity import identity_grant, identity_read, identity_visible_to
from complaints.services.submission import (
    DEFAULT_CATEGORIES,
    ReporterData,
    Submitted,
    category_ensure_defaults,
    complaint_submit,
)
from complaints.services.transitions import (
    complaint_record_for_reporter,
    complaint_transition,
    complaints_dismiss_spam,
    on_behalf_actions,
    recorded_for_reporter,
)

__all__ = [
    "DEFAULT_CATEGORIES",
    "PIN_CHANNELS",
    "PRIORITY_MATRIX",
    "PUBLISHABLE",
    "PrioritySuggestion",
    "ReporterData",
    "Submitted",
    "answer_draft_save",
    "category_ensure_defaults",
    "complaint_pin_send",
    "complaint_record_for_reporter",
    "complaint_submit",
    "complaint_transition",
    "complaints_dismiss_spam",
    "forwarding_reference_set",
    "identity_grant",
    "identity_read",
    "identity_visible_to",
    "note_add",
    "on_behalf_actions",
    "priority_of",
    "priority_suggested",
    "public_outcome_set",
    "recorded_for_reporter",
    "spam_purge",
]
